/*
 * What wasi-libc does not declare and the lz4 command line calls when it copies a file's
 * owner and mode to its output (util.h, UTIL_setFileStat): WASI has neither. Both report
 * ENOSYS, as on a filesystem without owners; lz4 counts them as "could not copy" and goes on.
 */
#include <errno.h>
#include <sys/types.h>
static inline int chown(const char *path, uid_t uid, gid_t gid) {
  (void)path; (void)uid; (void)gid;
  errno = ENOSYS;
  return -1;
}
static inline int chmod(const char *path, mode_t mode) {
  (void)path; (void)mode;
  errno = ENOSYS;
  return -1;
}
