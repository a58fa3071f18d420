// tiny-writes: one million 1-byte write(1, ...) calls, unbuffered (no stdio): each is a WASI
// call, so each is one event in the capability log.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  const long count = 1000000;
  for (long i = 0; i < count; i++) {
    char c = (i % 64 == 63) ? '\n' : '.';
    if (write(1, &c, 1) != 1) return 1;
  }
  fprintf(stderr, "%ld writes done\n", count);
  return 0;
}
