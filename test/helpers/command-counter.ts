/**
 * Counts the database commands the app sends while a request runs (the driver's command
 * monitoring, switched on in connectTestDatabase). Handshakes and heartbeats are not commands the
 * page asked for, so they are left out.
 */
import mongoose from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';

const NOT_THE_PAGES = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'endSessions',
  'saslStart',
  'saslContinue',
]);

/** The mail worker polls its outbox on its own timer, whatever page is open. */
const BACKGROUND = new Set(['outboxmessages']);

/**
 * The live bus (src/live/event-bus.ts) works on its own timers, whatever page is open: its reader
 * looks for other processes' events by number (`find` on panel_events with `_id: $in`) or tails a
 * change stream (aggregate and getMore), and each process now and then raises the sequence's floor
 * (`update` on panel_events_seq, read at start). A publish (the insert of the events) and a
 * replay's reads of events still count.
 */
function isBusReader(e: CommandStartedEvent): boolean {
  // A change stream's getMore waits for changes (awaitData: the driver sends its maxTimeMS) and its
  // aggregate starts with $changeStream: a reader tailing in the background (this process's bus, or
  // one a test left on a collection of its own), never a page's work.
  if (e.commandName === 'getMore') return e.command.maxTimeMS !== undefined;
  if (e.commandName === 'aggregate') {
    const first = (e.command.pipeline as Record<string, unknown>[] | undefined)?.[0];
    return !!first && '$changeStream' in first;
  }
  if (e.command[e.commandName] === 'panel_events_seq') return true;
  if (e.commandName !== 'find') return false;
  const target = e.command.find;
  const id = (e.command.filter as { _id?: unknown } | undefined)?._id;
  return target === 'panel_events' && !!id && typeof id === 'object' && '$in' in id;
}

export interface CommandTrace {
  count: number;
  /** `find users`, `aggregate ratings`, ... in the order sent. */
  commands: string[];
}

function describe(e: CommandStartedEvent): string {
  const target = e.command[e.commandName];
  return typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName;
}

/** Runs `work` and returns the commands sent meanwhile. */
export async function commandsDuring(work: () => Promise<unknown>): Promise<CommandTrace> {
  const client = mongoose.connection.getClient();
  const commands: string[] = [];
  const listener = (e: CommandStartedEvent) => {
    if (NOT_THE_PAGES.has(e.commandName) || BACKGROUND.has(e.command[e.commandName]) || isBusReader(e))
      return;
    commands.push(describe(e));
  };
  client.on('commandStarted', listener);
  try {
    await work();
  } finally {
    client.off('commandStarted', listener);
  }
  return { count: commands.length, commands };
}
