// exit-midway: prints 1,000,000 bytes through stdio, fully buffered, then leaves without
// flushing: exit(0) by default (libc flushes stdio at exit), or _Exit(0) with the argument
// "_Exit" (no flush: the last buffer is lost, as on any POSIX system).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  static char buf[65536];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  char line[100];
  memset(line, 'E', 99);
  line[99] = '\n';
  for (int i = 0; i < 10000; i++) fwrite(line, 1, sizeof line, stdout);
  if (argc > 1 && strcmp(argv[1], "_Exit") == 0) _Exit(0);
  exit(0);
}
