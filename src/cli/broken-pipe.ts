/** What a shell reports for a process ended by SIGPIPE (128 + 13). */
export const EXIT_BROKEN_PIPE = 141;

/**
 * EPIPE on an output stream (its reader is gone) calls `exit` instead of crashing with a stack
 * trace; any other error on it is rethrown as before.
 */
export function quietOnBrokenPipe(stream: NodeJS.WritableStream, exit: () => void): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit();
    else throw error;
  });
}
