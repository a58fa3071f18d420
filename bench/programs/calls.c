// calls: N small unbuffered writes to one file, each a single WASI call (benchmark program).
//
//   calls [N] [PATH]     default N = 20000, PATH = /data/out.bin
//
// Every write(2) goes straight to the host (no stdio buffer), so the run is N calls of the
// same kind: the cost of one call through the host, repeated. Prints one line at the end.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 20000;
  const char *path = argc > 2 ? argv[2] : "/data/out.bin";
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    perror(path);
    return 1;
  }
  long done = 0;
  for (long i = 0; i < n; i++) {
    char c = (char)('a' + i % 26);
    if (write(fd, &c, 1) != 1) break;
    done++;
  }
  close(fd);
  printf("calls: %ld writes to %s\n", done, path);
  return done == n ? 0 : 1;
}
