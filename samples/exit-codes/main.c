// exit-codes: how a program tells its host that it failed.
//
// The status comes from argv[1], or from the EXIT_STATUS variable when there is
// no argument. Note: this program is built for WASI preview 1 and adapted to
// WASI 0.2, whose `wasi:cli/exit` only says success or failure. So any nonzero
// status reaches the host as 1: exit(3) becomes 1.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  const char *arg = argc > 1 ? argv[1] : getenv("EXIT_STATUS");
  if (!arg) {
    fprintf(stderr, "usage: exit-codes <status>   (or set EXIT_STATUS)\n");
    return 2;
  }
  int status = atoi(arg);
  printf("Doing some work...\n");
  if (status == 0) {
    printf("All good: exiting with status 0.\n");
    return 0;
  }
  fprintf(stderr, "error: something went wrong, exiting with status %d\n", status);
  exit(status);
}
