// escape-all: every classic trick to leave a mount, or to write where the manifest says
// read-only, one line per attempt. Mounts: /data (read-write) and /secret (read-only).
//
// "raw" attempts call WASI directly with the exact bytes (see ../common.h); "libc" attempts go
// through wasi-libc as an ordinary program would (libc refuses some paths itself, before any
// WASI call). Every attempt must print BLOCKED; the last line counts the escapes.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../common.h"

static int attempts = 0, escapes = 0;
static int data_fd = -1, secret_fd = -1;

static void result(const char *label, int err) {
  attempts++;
  if (err) {
    printf("[%02d] %s -> BLOCKED (%s)\n", attempts, label, strerror(err));
  } else {
    escapes++;
    printf("[%02d] %s -> ESCAPED\n", attempts, label);
  }
}

// open-at on `dir` with exactly `len` bytes of `path`.
static int raw_open(int dir, const char *path, size_t len, int oflags, int follow) {
  int32_t fd;
  int err = raw_path_open(dir, follow ? LOOKUP_FOLLOW : 0, path, (int32_t)len, oflags, RIGHTS_ALL,
                          RIGHTS_ALL, 0, &fd);
  if (!err) close(fd);
  return err;
}

static void try_raw(const char *label, const char *path, int oflags) {
  result(label, raw_open(data_fd, path, strlen(path), oflags, 1));
}

static void try_libc(const char *label, const char *path, int flags) {
  int fd = open(path, flags, 0644);
  int err = fd < 0 ? errno : 0;
  if (fd >= 0) close(fd);
  result(label, err);
}

static void make_symlink(const char *target, const char *name) {
  int err = raw_path_symlink(target, (int32_t)strlen(target), data_fd, name, (int32_t)strlen(name));
  printf("     symlink /data/%s -> %s: %s\n", name, target, err ? strerror(err) : "created");
}

int main(void) {
  data_fd = preopen_fd("/data");
  secret_fd = preopen_fd("/secret");
  if (data_fd < 0 || secret_fd < 0) {
    printf("expected the preopens /data and /secret\n");
    return 2;
  }
  printf("mounts: /data (fd %d, read-write), /secret (fd %d, read-only)\n", data_fd, secret_fd);

  // `..` chains
  try_raw("raw .. chain: ../../../../etc/passwd", "../../../../etc/passwd", 0);
  try_raw("raw .. after a descent: sub/../../etc/passwd", "sub/../../etc/passwd", 0);
  try_raw("raw .. into the read-only mount, for writing: ../secret/key.txt",
          "../secret/key.txt", O_TRUNC_RAW);
  try_libc("libc .. chain: /data/../etc/passwd", "/data/../etc/passwd", O_RDONLY);
  try_libc("libc .. into the read-only mount, for writing: /data/../secret/key.txt",
           "/data/../secret/key.txt", O_WRONLY);
  // absolute paths
  try_raw("raw absolute path: /etc/passwd", "/etc/passwd", 0);
  try_raw("raw absolute path to the read-only mount, for writing: /secret/key.txt",
          "/secret/key.txt", O_TRUNC_RAW);
  try_libc("libc absolute path outside every mount: /etc/passwd", "/etc/passwd", O_RDONLY);
  try_libc("libc write into the read-only mount: /secret/key.txt", "/secret/key.txt",
           O_WRONLY | O_TRUNC);
  try_libc("libc append to the read-only mount: /secret/key.txt", "/secret/key.txt",
           O_WRONLY | O_APPEND);
  try_libc("libc create in the read-only mount: /secret/new.txt", "/secret/new.txt",
           O_WRONLY | O_CREAT);
  // `//` and `/./`
  try_raw("raw //: //etc/passwd", "//etc/passwd", 0);
  try_raw("raw // in the middle: sub//..//..//etc/passwd", "sub//..//..//etc/passwd", 0);
  try_raw("raw /./: ./.././etc/passwd", "./.././etc/passwd", 0);
  try_raw("raw /./ in the middle: sub/./../.././etc/passwd", "sub/./../.././etc/passwd", 0);
  try_raw("raw .. as a directory: ..", "..", O_DIRECTORY_RAW);
  // symlinks pointing out
  make_symlink("../../etc/passwd", "out-rel");
  try_raw("raw follow a relative symlink out: out-rel", "out-rel", 0);
  make_symlink("/etc/passwd", "out-abs");
  try_raw("raw follow an absolute symlink out: out-abs", "out-abs", 0);
  make_symlink("../secret/key.txt", "to-secret");
  try_raw("raw write through a symlink into the read-only mount: to-secret", "to-secret",
          O_TRUNC_RAW);
  make_symlink("..", "up");
  try_raw("raw through a symlink to ..: up/etc/passwd", "up/etc/passwd", 0);
  make_symlink("hop2", "hop1");
  make_symlink("sub/../../etc/passwd", "hop2");
  try_raw("raw a chain of symlinks out: hop1", "hop1", 0);
  make_symlink("loop-b", "loop-a");
  make_symlink("loop-a", "loop-b");
  try_raw("raw a symlink loop: loop-a", "loop-a", 0);
  // NUL inside names
  {
    static const char nul_path[] = "inside.txt\0/../../etc/passwd";
    result("raw NUL inside the path: inside.txt\\0/../../etc/passwd",
           raw_open(data_fd, nul_path, sizeof nul_path - 1, 0, 1));
    static const char nul_create[] = "evil\0name";
    result("raw create a name with a NUL: evil\\0name",
           raw_open(data_fd, nul_create, sizeof nul_create - 1, O_CREAT_RAW, 1));
  }
  // very long names
  {
    static char name[5001];
    memset(name, 'n', 5000);
    result("raw a 5000-byte name", raw_open(data_fd, name, 5000, O_CREAT_RAW, 1));
    static char path[6001];
    size_t n = 0;
    while (n + 2 <= 4200) {
      path[n++] = 'a';
      path[n++] = '/';
    }
    memcpy(path + n, "x", 2);
    result("raw a 4201-byte path", raw_open(data_fd, path, strlen(path), O_CREAT_RAW, 1));
    static char climb[6001];
    n = 0;
    while (n + 3 <= 4500) {
      memcpy(climb + n, "../", 3);
      n += 3;
    }
    memcpy(climb + n, "etc", 4);
    result("raw a 4503-byte .. chain", raw_open(data_fd, climb, strlen(climb), 0, 1));
  }
  // control characters
  try_raw("raw control characters before ..: \\r../../etc/passwd", "\r../../etc/passwd", 0);
  try_raw("raw an ANSI escape before ..: \\x1b[2K../../etc/passwd", "\x1b[2K../../etc/passwd", 0);
  // other ways to change the read-only mount
  {
    const char *from = "inside.txt", *to = "key.txt";
    result("raw rename a file into the read-only mount",
           raw_path_rename(data_fd, from, (int32_t)strlen(from), secret_fd, to, (int32_t)strlen(to)));
    result("raw hard-link the read-only file into /data",
           raw_path_link(secret_fd, 0, to, (int32_t)strlen(to), data_fd, "key-link", 8));
    result("raw create a directory in the read-only mount via ..",
           raw_path_create_directory(data_fd, "../secret/dir", 13));
    result("raw remove the read-only mount via ..",
           raw_path_remove_directory(data_fd, "../secret", 9));
  }
  if (chdir("/data/sub") == 0) {
    try_libc("libc relative to the working directory /data/sub: ../../etc/passwd",
             "../../etc/passwd", O_RDONLY);
  } else {
    printf("chdir(/data/sub) failed: %s\n", strerror(errno));
  }

  // Names with control characters inside the mount are legal names (not escapes): the log and
  // the file list must show them escaped, never as raw terminal sequences.
  {
    const char *name = "\x1b[2J\x1b[31mred\nnew line\a.txt";
    int err = raw_open(data_fd, name, strlen(name), O_CREAT_RAW, 1);
    printf("     created a name with ESC, newline and BEL inside /data: %s\n",
           err ? strerror(err) : "ok");
  }

  printf("escapes: %d of %d attempts\n", escapes, attempts);
  return escapes ? 1 : 0;
}
