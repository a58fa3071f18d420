// memory: grows its heap 1 MiB at a time, touching every page, and prints its progress every
// 16 MiB (each print is a WASI call, where limits.maxMemoryMiB is checked today).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Every block is kept reachable through this volatile pointer, so the compiler cannot drop the
// malloc + memset pair as dead code.
static char *volatile keep;

int main(void) {
  const size_t chunk = 1 << 20;
  unsigned long mib = 0;
  for (;;) {
    char *p = malloc(chunk);
    if (!p) {
      printf("malloc failed after %lu MiB\n", mib);
      return 1;
    }
    memset(p, 0xA5, chunk);
    keep = p;
    mib++;
    if (mib % 16 == 0) {
      printf("allocated %lu MiB\n", mib);
      fflush(stdout);
    }
  }
}
