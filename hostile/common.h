// Raw WASI preview 1 calls with explicit path lengths, for hostile guests: libc would stop at a
// NUL byte, refuse absolute paths outside its preopens before asking the host, or normalize
// `//` and `/./` away. These reach the host exactly as written.
#ifndef HOSTILE_COMMON_H
#define HOSTILE_COMMON_H
#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

#define WASI_IMPORT(name) \
  __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

WASI_IMPORT("path_open")
int32_t raw_path_open(int32_t fd, int32_t dirflags, const char *path, int32_t path_len,
                      int32_t oflags, int64_t rights_base, int64_t rights_inheriting,
                      int32_t fdflags, int32_t *opened);
WASI_IMPORT("path_symlink")
int32_t raw_path_symlink(const char *target, int32_t target_len, int32_t fd, const char *path,
                         int32_t path_len);
WASI_IMPORT("path_remove_directory")
int32_t raw_path_remove_directory(int32_t fd, const char *path, int32_t path_len);
WASI_IMPORT("path_create_directory")
int32_t raw_path_create_directory(int32_t fd, const char *path, int32_t path_len);
WASI_IMPORT("path_rename")
int32_t raw_path_rename(int32_t fd, const char *old_path, int32_t old_len, int32_t new_fd,
                        const char *new_path, int32_t new_len);
WASI_IMPORT("path_link")
int32_t raw_path_link(int32_t old_fd, int32_t old_flags, const char *old_path, int32_t old_len,
                      int32_t new_fd, const char *new_path, int32_t new_len);

#define RIGHTS_ALL ((int64_t)0x1FFFFFFF)
#define LOOKUP_FOLLOW 1
#define O_CREAT_RAW 1
#define O_DIRECTORY_RAW 2
#define O_TRUNC_RAW 8

// The file descriptor of the preopened directory named `name`, or -1.
static inline int preopen_fd(const char *name) {
  for (int fd = 3; fd < 64; fd++) {
    __wasi_prestat_t prestat;
    if (__wasi_fd_prestat_get(fd, &prestat) != 0) continue;
    char buf[256];
    size_t len = prestat.u.dir.pr_name_len;
    if (len >= sizeof buf) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, len) != 0) continue;
    buf[len] = '\0';
    if (strcmp(buf, name) == 0) return fd;
  }
  return -1;
}
#endif
