// Writes a file, says so, then loops forever: the timeout must end it, and the page must
// still show the file it wrote (the filesystem survives a killed run).
#include <stdio.h>
int main(void) {
  FILE *f = fopen("/data/progress.txt", "w");
  if (!f) { perror("open /data/progress.txt"); return 1; }
  fputs("written before the loop\n", f);
  fclose(f);
  puts("wrote /data/progress.txt; now looping forever");
  fflush(stdout);
  volatile unsigned long n = 0;
  for (;;) n++;
}
