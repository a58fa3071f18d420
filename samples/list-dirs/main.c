// list-dirs: what can the guest see of the filesystem?
//
// At start the host gives a WASI program a list of directory handles,
// "preopens", each with the name the guest should know it by. That list is the
// guest's entire filesystem. There is no root to walk up to: a path outside
// every preopen cannot even be named, so the call fails inside the guest
// before the host is asked anything.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <wasi/api.h>

static void walk(const char *path, int depth) {
  DIR *d = opendir(path);
  if (!d) {
    printf("%*s(cannot list: %s)\n", depth * 2, "", strerror(errno));
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char child[512];
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    struct stat st;
    if (stat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
      printf("%*s%s/\n", depth * 2 + 2, "", e->d_name);
      if (depth < 6) walk(child, depth + 1);
    } else {
      printf("%*s%s (%lld bytes)\n", depth * 2 + 2, "", e->d_name, (long long)st.st_size);
    }
  }
  closedir(d);
}

int main(void) {
  // Ask for the preopens the way libc itself does: fd 3, 4, ... until "bad fd".
  char names[16][256];
  int count = 0;
  for (__wasi_fd_t fd = 3; count < 16; fd++) {
    __wasi_prestat_t pre;
    if (__wasi_fd_prestat_get(fd, &pre) != __WASI_ERRNO_SUCCESS) break;
    size_t len = pre.u.dir.pr_name_len < 255 ? pre.u.dir.pr_name_len : 255;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)names[count], len) != __WASI_ERRNO_SUCCESS) break;
    names[count][len] = '\0';
    count++;
  }

  printf("I was given %d preopened director%s.\n", count, count == 1 ? "y" : "ies");
  if (count == 0) printf("With no mounts there is no filesystem at all: not even \"/\".\n");
  for (int i = 0; i < count; i++) {
    printf("\n%s/\n", names[i]);
    walk(names[i], 0);
  }

  // Paths nobody mounted. libc finds no preopen that contains them and gives up
  // with "capabilities insufficient" without asking the host.
  const char *outside[] = {"/", "/etc", "/home"};
  printf("\nTrying directories that were not mounted:\n");
  for (int i = 0; i < 3; i++) {
    DIR *d = opendir(outside[i]);
    if (d) {
      printf("  %-6s opened (a mount covers it)\n", outside[i]);
      closedir(d);
    } else {
      printf("  %-6s %s\n", outside[i], strerror(errno));
    }
  }
  return 0;
}
