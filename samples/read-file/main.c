// read-file: open a file that lives in a mounted directory and print it.
//
// A WASI program cannot open "a path on the computer". It can only open paths
// inside directories the host handed to it at start (preopens). Airlock's
// `mounts` are those directories. The file to read is argv[1], or
// /data/secret.txt when no argument is given.
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/data/secret.txt";
  printf("Opening %s ...\n", path);
  FILE *f = fopen(path, "r");
  if (!f) {
    // With no mount covering the path, libc fails before asking the host at all.
    printf("Could not open %s: %s\n", path, strerror(errno));
    return 1;
  }
  char buf[4096];
  size_t n, total = 0;
  printf("--- %s ---\n", path);
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    fwrite(buf, 1, n, stdout);
    total += n;
  }
  printf("--- end (%zu bytes) ---\n", total);
  fclose(f);
  return 0;
}
