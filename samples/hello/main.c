// hello: the smallest useful WASI program.
//
// It prints its arguments and every environment variable it can see. Under WASI
// there is no ambient environment: the host hands the guest a list of arguments
// and a list of variables, and that list is all that exists. Airlock's manifest
// decides what is on those lists (`args`, `env`).
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
  const char *name = getenv("NAME");
  printf("Hello, %s!\n\n", name ? name : "stranger");

  printf("I was given %d argument(s) after my name:\n", argc - 1);
  for (int i = 1; i < argc; i++) printf("  argv[%d] = \"%s\"\n", i, argv[i]);

  int count = 0;
  for (char **e = environ; *e; e++) count++;
  printf("\nI can see %d environment variable(s):\n", count);
  for (char **e = environ; *e; e++) printf("  %s\n", *e);

  // A variable nobody granted simply does not exist: no error, no trace of the host's.
  const char *home = getenv("HOME");
  printf("\nHOME is %s\n", home ? home : "not set (nobody granted it)");
  return 0;
}
