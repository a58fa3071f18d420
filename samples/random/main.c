// random: ask the host for random bytes and roll some dice.
//
// Randomness is a capability: with a seed, every run is the same (handy for
// tests and replays); denied, the program cannot get any. `get-random-bytes`
// has no error channel either, so a denied call traps.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  unsigned char bytes[16];
  printf("Asking the host for 16 random bytes...\n");
  fflush(stdout);  // a trap loses anything still buffered: flush first
  if (getentropy(bytes, sizeof bytes) != 0) {
    printf("getentropy failed\n");
    return 1;
  }
  printf("Random bytes: ");
  for (unsigned i = 0; i < sizeof bytes; i++) printf("%02x", bytes[i]);
  printf("\n");

  unsigned char raw[5];
  getentropy(raw, sizeof raw);
  printf("Five dice:");
  int total = 0;
  for (int i = 0; i < 5; i++) {
    int die = raw[i] % 6 + 1;  // slightly biased; fine for a lesson
    total += die;
    printf(" %d", die);
  }
  printf(" (total %d)\n", total);
  return 0;
}
