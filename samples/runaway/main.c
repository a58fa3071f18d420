// runaway: a loop that never ends.
//
// WASI has no capability for "CPU time": a guest can spin forever. The host
// must bound it from outside. Airlock stops the run after limits.timeoutMs.
// argv[1], if given, is how far to count; without it the program counts forever.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  unsigned long long limit = argc > 1 ? strtoull(argv[1], NULL, 10) : 0;
  if (limit) printf("Counting to %llu...\n", limit);
  else printf("Counting forever...\n");
  fflush(stdout);  // the host may stop us at any moment: don't keep output buffered
  volatile unsigned long long i = 0;
  for (;;) {
    if (limit && i >= limit) break;
    if (i % 100000000ULL == 0) {
      printf("  still counting: %llu\n", i);
      fflush(stdout);
    }
    i++;
  }
  printf("Finished counting to %llu.\n", limit);
  return 0;
}
