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
 * The live bus's reader (src/live/event-bus.ts) looks for other processes' events on its own timer
 * (reads of the sequence and of the events collection) or tails them (a change stream's aggregate
 * and getMore), whatever page is open. Its writes (the sequence's $inc, the insert) are a save's
 * own work and stay counted.
 */
const LIVE_BUS = new Set(['panel_events', 'panel_events_seq']);
const READS = new Set(['find', 'aggregate', 'getMore']);
const isBusReader = (e: CommandStartedEvent) =>
  READS.has(e.commandName) &&
  LIVE_BUS.has(e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName]);

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
