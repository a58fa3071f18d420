// huge-args: reports how many arguments and how much environment it was given.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
  size_t arg_bytes = 0;
  for (int i = 1; i < argc; i++) arg_bytes += strlen(argv[i]);
  size_t env_count = 0, env_bytes = 0;
  for (char **e = environ; *e; e++) {
    env_count++;
    env_bytes += strlen(*e);
  }
  const char *big = getenv("BIG");
  printf("argc=%d\n", argc);
  printf("argument bytes=%zu\n", arg_bytes);
  printf("last argument=%s\n", argc > 1 ? argv[argc - 1] : "(none)");
  printf("environment variables=%zu\n", env_count);
  printf("environment bytes=%zu\n", env_bytes);
  printf("BIG length=%zu\n", big ? strlen(big) : (size_t)0);
  return 0;
}
