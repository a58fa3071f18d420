// sleep: take three naps of 300 ms and time each one with the monotonic clock.
//
// Sleeping is waiting on the monotonic clock: libc's clock_nanosleep becomes
// preview 1's poll_oneoff, which the adapter turns into WASI 0.2's
// `monotonic-clock.subscribe-duration` (a pollable that becomes ready after the
// duration) and `wasi:io/poll` `poll` (wait until it is ready). So the
// monotonic clock is the capability behind both "what time is it?" and "wake
// me up later": deny it and the program can neither time nor sleep.
//
// In a browser, a wasm call cannot simply stop the thread for 300 ms. With JS
// Promise Integration (JSPI) the host's `poll` returns a promise and the guest's
// stack is suspended until it resolves: the run really waits, and the page
// stays responsive meanwhile.
#include <stdio.h>
#include <time.h>

#define NAPS 3
#define NAP_MS 300

static double ms_between(struct timespec a, struct timespec b) {
  return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

int main(void) {
  printf("Taking %d naps of %d ms, timed with the monotonic clock...\n", NAPS, NAP_MS);
  fflush(stdout);  // a trap loses anything still buffered: flush first

  struct timespec start, before, after;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int i = 1; i <= NAPS; i++) {
    printf("nap %d: sleeping %d ms...\n", i, NAP_MS);
    fflush(stdout);
    clock_gettime(CLOCK_MONOTONIC, &before);
    struct timespec nap = {.tv_sec = 0, .tv_nsec = NAP_MS * 1000000L};
    int err = clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    if (err != 0) {
      printf("nap %d: clock_nanosleep failed (error %d)\n", i, err);
      return 1;
    }
    printf("nap %d: slept %.1f ms\n", i, ms_between(before, after));
    fflush(stdout);
  }
  printf("All %d naps took %.1f ms in total.\n", NAPS, ms_between(start, after));
  printf("Done.\n");
  return 0;
}
