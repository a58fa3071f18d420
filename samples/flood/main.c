// flood: write far more output than anyone wants to read.
//
// Output costs the host memory and the page its responsiveness. Airlock stops
// the run once the guest has written limits.maxOutputBytes bytes in total to
// stdout and stderr. argv[1], if given, is the number of lines (default 20000,
// about 1.2 MB: more than the default 1 MiB limit).
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long lines = argc > 1 ? atol(argv[1]) : 20000;
  for (long i = 1; i <= lines; i++) {
    printf("line %05ld: all work and no play makes Jack a dull boy\n", i);
  }
  printf("Done: %ld lines.\n", lines);
  return 0;
}
