// disk-fill: appends 1 MiB at a time to /out/big.bin (a read-write mount, held in the host's
// memory) up to 512 MiB, printing its progress every 64 MiB. Nothing in WASI limits a file's size.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static char chunk[1 << 20];
  memset(chunk, 'D', sizeof chunk);
  int fd = open("/out/big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    printf("open failed: %s\n", strerror(errno));
    return 1;
  }
  for (int mib = 1; mib <= 512; mib++) {
    if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) {
      printf("write failed at %d MiB: %s\n", mib, strerror(errno));
      return 1;
    }
    if (mib % 64 == 0) printf("wrote %d MiB\n", mib);
  }
  close(fd);
  printf("wrote 512 MiB\n");
  return 0;
}
