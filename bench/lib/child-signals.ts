/** How a bench's server process (the app, the floor) ends: only when the bench says so or goes away. */

/**
 * For a bench's child process: runs `close` once on SIGTERM or when the bench goes away, then
 * exits. Ctrl-C reaches the whole process group; the bench handles it (it stops its clients,
 * reports, then stops its children), so the child ignores SIGINT.
 */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    const forced = setTimeout(() => process.exit(1), 15_000);
    forced.unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => undefined);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
}
