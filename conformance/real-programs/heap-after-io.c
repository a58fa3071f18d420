/*
 * The smallest program that showed the adapter's trap: it opens a file (the preview1 adapter
 * takes its pages at the first call), then asks malloc for 1 MiB and fills it. With Debian's
 * wasi-libc, whose malloc treats all memory present at its first call as heap, the fill used to
 * overwrite the adapter's state ("assertion failed at adapter line 2857"). Then it sets the
 * file's times (path_filestat_set_times) and writes the buffer through a descriptor.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/data/out.txt";
  FILE *f = fopen(path, "w");
  if (!f) {
    perror("fopen");
    return 1;
  }
  fprintf(f, "hello\n");
  fclose(f);
  size_t size = 1 << 20;
  char *big = malloc(size);
  if (!big) {
    perror("malloc");
    return 1;
  }
  memset(big, 'x', size);
  struct timeval times[2] = {{1, 0}, {2, 0}};
  if (utimes(path, times) != 0) {
    perror("utimes");
    return 1;
  }
  int fd = open(path, O_WRONLY | O_APPEND);
  if (fd < 0 || write(fd, big, size) != (ssize_t)size || close(fd) != 0) {
    perror("write");
    return 1;
  }
  struct stat st;
  if (stat(path, &st) != 0) {
    perror("stat");
    return 1;
  }
  printf("size=%lld\n", (long long)st.st_size);
  return 0;
}
