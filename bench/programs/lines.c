// lines: print N lines to stdout, one write per line (benchmark program).
//
//   lines [N] [WIDTH]    default N = 10000, WIDTH = 60 (characters per line, newline included)
//
// stdout is line-buffered here, as Rust's println! and a C program on a terminal are: every
// line is one WASI call and one chunk of output for the page.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000;
  long width = argc > 2 ? atol(argv[2]) : 60;
  if (width < 2) width = 2;
  if (width > 400) width = 400;
  setvbuf(stdout, NULL, _IOLBF, 0);
  static const char fill[] = "the quick brown fox jumps over the lazy dog; ";
  char body[401];
  for (long i = 0; i < width - 1; i++) body[i] = fill[i % (sizeof fill - 1)];
  body[width - 1] = '\0';
  for (long i = 1; i <= n; i++) {
    // "NNNNN " then filler, cut to width - 1 characters, then a newline.
    char line[420];
    int k = snprintf(line, sizeof line, "%05ld %s", i, body);
    if (k > width - 1) k = (int)(width - 1);
    line[k] = '\n';
    fwrite(line, 1, (size_t)k + 1, stdout);
  }
  return 0;
}
