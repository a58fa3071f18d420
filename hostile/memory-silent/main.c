// memory-silent: grows its heap 1 MiB at a time WITHOUT any WASI call until malloc fails, then
// says how far it got. A limit checked only at WASI calls sees the memory after the fact; a hard
// cap (the core module's memory maximum) makes malloc fail at the limit.
// Pages are not touched (only malloc's headers), so the host's real memory stays small.
#include <stdio.h>
#include <stdlib.h>

static void *volatile last;

int main(void) {
  unsigned long mib = 0;
  while ((last = malloc(1 << 20)) != NULL) mib++;
  printf("malloc failed after %lu MiB\n", mib);
  return 0;
}
