// recursion: recurses until the WebAssembly call stack overflows.
//
// The recursion is not a tail call (the result is used after the call), and the frame lives in
// wasm locals, so it is the engine's own stack that runs out: a trap, not memory corruption.
#include <stdio.h>

static volatile unsigned long deepest = 0;

__attribute__((noinline)) static unsigned long dive(unsigned long depth) {
  deepest = depth;
  if (depth == 0xFFFFFFFFul) return 0;  // never: keeps the compiler from assuming infinity
  return dive(depth + 1) * 3 + depth;
}

int main(void) {
  printf("diving...\n");
  fflush(stdout);
  unsigned long r = dive(0);
  printf("came back up from %lu (result %lu)\n", deepest, r);
  return 0;
}
