// files: create N small files in a directory (benchmark program).
//
//   files [N] [DIR]      default N = 2000, DIR = /data
//
// Each file is opened, written (one short line) and closed through stdio, as a program that
// saves many small results would. Prints one line at the end.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000;
  const char *dir = argc > 2 ? argv[2] : "/data";
  char path[512];
  long done = 0;
  for (long i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/f%05ld.txt", dir, i);
    FILE *f = fopen(path, "w");
    if (!f) {
      perror(path);
      return 1;
    }
    fprintf(f, "file %05ld: a small result of a small computation\n", i);
    if (fclose(f) != 0) {
      perror(path);
      return 1;
    }
    done++;
  }
  printf("files: wrote %ld files in %s\n", done, dir);
  return 0;
}
