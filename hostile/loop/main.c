// loop: spins forever and never makes a WASI call.
//
// No capability check ever runs, so nothing in the membrane can stop it: only the host's
// limits.timeoutMs (terminating the worker) can. The counter is volatile so the loop is real.
int main(void) {
  volatile unsigned long long spins = 0;
  for (;;) spins++;
}
