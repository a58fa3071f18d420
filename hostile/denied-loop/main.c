// denied-loop: 100,000 attempts to open a path that lies in no mount, as fast as it can. Each
// attempt is a real WASI call (open-at on the only preopen, /data, with "../nomount/secret"),
// so each one must be refused and logged.
#include <stdio.h>
#include <string.h>
#include "../common.h"

int main(void) {
  int data = preopen_fd("/data");
  if (data < 0) {
    printf("no /data preopen\n");
    return 1;
  }
  const char *path = "../nomount/secret";
  long refused = 0, opened = 0;
  int last = 0;
  for (long i = 0; i < 100000; i++) {
    int32_t fd;
    int err = raw_path_open(data, LOOKUP_FOLLOW, path, (int32_t)strlen(path), 0, RIGHTS_ALL,
                            RIGHTS_ALL, 0, &fd);
    if (err) {
      refused++;
      last = err;
    } else {
      opened++;
    }
  }
  printf("refused %ld, opened %ld, last error: %s\n", refused, opened, strerror(last));
  return opened ? 1 : 0;
}
