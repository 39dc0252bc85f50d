/**
 * `sportello … | head -1`: once the reader of our output has gone, there is nobody left to tell anything. End
 * at once and quietly (exit 0, as the data that was wanted has been delivered), never with an EPIPE stack.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw err;
  });
}
