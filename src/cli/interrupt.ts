// SIGINT and SIGTERM as an AbortSignal, for the commands that run until stopped (approve --watch): they end
// cleanly, say what they did, and exit 0, where the default would kill the process mid-request.
export async function untilInterrupted<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
