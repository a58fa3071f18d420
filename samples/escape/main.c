// escape: try every classic way out of a mounted directory and report each result.
//
// A preopened directory is a capability: a handle to one directory tree, not
// a path prefix. Paths are resolved *relative to that handle*, so ".." can
// never climb above it, absolute paths outside every mount cannot be named,
// and a symlink cannot point the way out either.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int escapes = 0, attempts = 0;

// Tries to open `path` for reading. `inside` says whether the path stays in the mount.
static void try_open(const char *what, const char *path, int inside) {
  if (!inside) attempts++;
  printf("%s\n    open(\"%s\")\n", what, path);
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("    -> blocked: %s\n\n", strerror(errno));
    return;
  }
  char buf[80] = {0};
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = '\0';
  if (inside) {
    printf("    -> allowed (stays inside the mount): \"%s\"\n\n", buf);
  } else {
    escapes++;
    printf("    -> OPENED! read: \"%s\"\n\n", buf);
  }
}

static void try_symlink(const char *target, const char *link) {
  printf("Creating a symlink %s -> %s\n", link, target);
  if (symlink(target, link) != 0) {
    printf("    -> refused: %s\n", strerror(errno));
  } else {
    printf("    -> created (a symlink is only text; what matters is following it)\n");
  }
}

int main(void) {
  printf("The only directory I was given is /data. Let's try to get out.\n\n");

  try_open("0. A harmless \"..\" that stays inside /data", "/data/docs/../public.txt", 1);
  try_open("1. Climb out with ..", "/data/../etc/passwd", 0);
  try_open("2. Climb further with a longer .. chain", "/data/docs/../../../../etc/passwd", 0);
  try_open("3. An absolute path outside the mount", "/etc/passwd", 0);

  try_symlink("../../etc/passwd", "/data/way-out");
  try_open("4. Follow a relative symlink that points outside", "/data/way-out", 0);

  try_symlink("/etc/passwd", "/data/abs-way-out");
  try_open("5. Follow an absolute symlink", "/data/abs-way-out", 0);

  if (chdir("/data/docs") == 0) {
    try_open("6. Relative to the working directory /data/docs", "../../etc/passwd", 0);
  } else {
    printf("6. chdir(\"/data/docs\") failed: %s\n\n", strerror(errno));
  }

  printf("%d of %d attempts to leave /data opened a file.\n", escapes, attempts);
  return escapes ? 1 : 0;
}
