// clocks: read the wall clock (what time is it?) and the monotonic clock
// (how long did that take?).
//
// Time is a capability too: it leaks where and when a program runs, and it is
// the raw material of timing attacks. WASI's clock functions have no error
// channel (`now` just returns an instant), so when the manifest denies a clock
// the only thing the host can do is stop the program: the call traps.
#include <stdio.h>
#include <time.h>

int main(void) {
  printf("Asking the wall clock for the time...\n");
  fflush(stdout);  // a trap loses anything still buffered: flush first
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct tm tm;
  gmtime_r(&now.tv_sec, &tm);
  char iso[32];
  strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  printf("Wall clock says: %s (Unix time %lld)\n", iso, (long long)now.tv_sec);

  printf("Asking the monotonic clock to time a computation...\n");
  fflush(stdout);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  volatile unsigned long sum = 0;
  for (unsigned long i = 0; i < 20000000UL; i++) sum += i ^ (sum >> 3);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
  printf("Summing 20 million numbers took %.1f ms.\n", ms);
  printf("Done.\n");
  return 0;
}
