// flood-100mb: writes 100 MB to stdout in 64 KiB chunks, then says so.
#include <stdio.h>
#include <string.h>

int main(void) {
  static char chunk[65536];
  memset(chunk, 'F', sizeof chunk);
  for (size_t i = 63; i < sizeof chunk; i += 64) chunk[i] = '\n';
  const size_t total = 100u * 1000u * 1000u;
  size_t written = 0;
  while (written < total) {
    size_t n = total - written < sizeof chunk ? total - written : sizeof chunk;
    if (fwrite(chunk, 1, n, stdout) != n) {
      fprintf(stderr, "write failed after %zu bytes\n", written);
      return 1;
    }
    written += n;
  }
  fflush(stdout);
  fprintf(stderr, "wrote %zu bytes\n", written);
  return 0;
}
