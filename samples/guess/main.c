// guess: a number-guessing game on stdin.
//
// The secret number comes from `wasi:random` (getentropy, a preview 1
// random_get), so the manifest decides how secret it is: real randomness, a
// seed (the same number on every run: handy for tests, and for cheaters), or
// denied (the program stops). Guesses come from stdin, one per line: typed
// into the page when stdin is interactive, or pre-filled text. End of input
// (Ctrl+D) gives up.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOW 1
#define HIGH 100

int main(void) {
  printf("I am thinking of a number between %d and %d.\n", LOW, HIGH);
  fflush(stdout);  // a trap loses anything still buffered: flush first
  uint32_t entropy = 0;
  if (getentropy(&entropy, sizeof entropy) != 0) {
    printf("No randomness: I cannot think of a number.\n");
    return 1;
  }
  int secret = LOW + (int)(entropy % (uint32_t)(HIGH - LOW + 1));
  printf("Guess it: one number per line. End of input gives up.\n");

  char line[128];
  int guesses = 0;
  for (;;) {
    printf("Guess %d? ", guesses + 1);
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL) {
      printf("\nEnd of input after %d guess%s: the number was %d.\n", guesses,
             guesses == 1 ? "" : "es", secret);
      return 0;
    }
    line[strcspn(line, "\r\n")] = '\0';
    char *end = NULL;
    long guess = strtol(line, &end, 10);
    if (end == line || *end != '\0' || guess < LOW || guess > HIGH) {
      printf("\"%s\" is not a number between %d and %d.\n", line, LOW, HIGH);
      continue;
    }
    guesses++;
    if (guess < secret) {
      printf("%ld is too low: higher!\n", guess);
    } else if (guess > secret) {
      printf("%ld is too high: lower!\n", guess);
    } else {
      printf("%ld is right! You found it in %d guess%s.\n", guess, guesses,
             guesses == 1 ? "" : "es");
      return 0;
    }
  }
}
