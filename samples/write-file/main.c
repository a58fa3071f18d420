// write-file: create a file in a mounted directory, then read it back.
//
// A read-only mount refuses every change: opening a file for writing is denied
// and the program gets an error code (it is not killed). Make the mount
// "read-write" and the same call succeeds; the new file then exists in the
// virtual filesystem for the rest of the run (and the page can show it).
// The file to write is argv[1], or /data/note.txt when no argument is given.
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    printf("  (cannot list %s: %s)\n", dir, strerror(errno));
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    printf("  %s%s\n", e->d_name, e->d_type == DT_DIR ? "/" : "");
  }
  closedir(d);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/data/note.txt";
  char dirbuf[256];
  snprintf(dirbuf, sizeof dirbuf, "%s", path);
  const char *dir = dirname(dirbuf);

  printf("Before: %s contains\n", dir);
  list(dir);

  const char *text = "Written from inside the sandbox.\n";
  printf("\nCreating %s ...\n", path);
  FILE *f = fopen(path, "w");
  if (!f) {
    int err = errno;
    printf("Write refused: %s (errno %d)\n", strerror(err), err);
    printf("The mount is read-only, so the host said no. Nothing was created.\n");
    return 1;
  }
  size_t n = fputs(text, f) >= 0 ? strlen(text) : 0;
  if (fclose(f) != 0) {
    printf("Write failed while closing: %s\n", strerror(errno));
    return 1;
  }
  printf("Wrote %zu bytes to %s\n", n, path);

  printf("\nAfter: %s contains\n", dir);
  list(dir);

  f = fopen(path, "r");
  char buf[256] = {0};
  if (f) {
    fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    printf("\nRead back: %s", buf);
  }
  return 0;
}
