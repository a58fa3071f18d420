// stdin: count lines, words and bytes, like `wc`.
//
// stdin is a capability like any other. Airlock's default is a closed stdin:
// the first read returns end-of-input. The manifest can pre-fill it with text
// or connect it to a terminal you type into ({ "interactive": true }).
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  char line[1024];
  long lines = 0, words = 0, bytes = 0;
  printf("Reading stdin until end of input...\n");
  fflush(stdout);
  while (fgets(line, sizeof line, stdin) != NULL) {
    size_t len = strlen(line);
    int in_word = 0, line_words = 0;
    for (size_t i = 0; i < len; i++) {
      if (isspace((unsigned char)line[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        line_words++;
      }
    }
    // A line longer than the buffer arrives in pieces; count it once.
    if (len > 0 && line[len - 1] == '\n') lines++;
    words += line_words;
    bytes += (long)len;
    if (len > 0 && line[len - 1] == '\n') line[len - 1] = '\0';
    printf("  line %ld: %d word(s): %s\n", lines, line_words, line);
    fflush(stdout);
  }
  if (bytes == 0) printf("stdin was empty or closed: end of input at once.\n");
  printf("%ld lines, %ld words, %ld bytes\n", lines, words, bytes);
  return 0;
}
