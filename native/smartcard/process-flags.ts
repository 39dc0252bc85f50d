/**
 * V8 flags for the smart-card device process, passed by whichever launcher starts it (Node fork or Electron
 * utilityProcess). The process idles most of its life with a small heap that barely changes; with the defaults,
 * V8's memory reducer keeps scheduling heap-shrinking GCs on it, and concurrent GC helper threads wake for
 * them. Measured in bench/smartcard-idle.bench.ts, the two flags together cut the idle polling cost by about
 * a third; the heap stays a few MB either way. They must be start-up flags: set later, V8 aborts.
 */
export const DEVICE_PROCESS_V8_FLAGS: readonly string[] = ['--no-memory-reducer', '--single-threaded-gc'];
