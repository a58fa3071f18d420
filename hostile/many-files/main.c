// many-files: creates ten thousand small files in the read-write mount /out.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  const int count = 10000;
  char name[64], body[64];
  for (int i = 0; i < count; i++) {
    snprintf(name, sizeof name, "/out/f%05d.txt", i);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      printf("open %s failed: %s\n", name, strerror(errno));
      return 1;
    }
    int n = snprintf(body, sizeof body, "file %d\n", i);
    if (write(fd, body, (size_t)n) != n) {
      printf("write %s failed: %s\n", name, strerror(errno));
      return 1;
    }
    close(fd);
  }
  printf("created %d files\n", count);
  return 0;
}
