/** Counters of the commands run, for serverStatus. */
/**
 * Commands run since start-up, by name (serverStatus `metrics.commands.<name>.total`/`failed`, as
 * mongod reports them): how a bench tells what a request really costs the engine, heartbeats and
 * getMores included.
 */
export const commandCounts = new Map<string, { total: number; failed: number }>();

export function countCommand(name: string, failed: boolean): void {
  let c = commandCounts.get(name);
  if (!c) commandCounts.set(name, (c = { total: 0, failed: 0 }));
  c.total++;
  if (failed) c.failed++;
}
