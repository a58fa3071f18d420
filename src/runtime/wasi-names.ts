/** WIT function names that more than one part of Airlock asks about. */

/** The `wasi:io/streams` methods that write to an output stream (stdout, stderr or a file). */
export const OUTPUT_STREAM_WRITES: ReadonlySet<string> = new Set([
  '[method]output-stream.write',
  '[method]output-stream.blocking-write-and-flush',
  '[method]output-stream.write-zeroes',
  '[method]output-stream.blocking-write-zeroes-and-flush',
  '[method]output-stream.splice',
  '[method]output-stream.blocking-splice',
]);
