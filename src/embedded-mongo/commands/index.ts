/** Command dispatch: lookup, the standalone refusal of transactions, and error mapping. */
import { adminCommands } from './admin.js';
import type { CommandContext, Handler } from './context.js';
import { ddlCommands } from './ddl.js';
import { explainAggregateOption, explainCommands } from '../explain.js';
import { readCommands } from './read.js';
import { writeCommands } from './write.js';
import { countCommand } from './command-stats.js';
import { MongoCommandError, badValue, commandNotFound, illegalOperation, internalError } from '../errors.js';
import { assertSupportedValues, isPlainObject, type Doc } from '../values.js';

const handlers: Record<string, Handler> = {
  ...adminCommands,
  ...ddlCommands,
  ...readCommands,
  ...writeCommands,
  ...explainCommands,
};

/** Fields drivers add to every command; they carry no data to check. */
const ENVELOPE = new Set(['lsid', '$clusterTime', '$db', '$readPreference', 'writeConcern', 'readConcern']);

/** A standalone has no other members to acknowledge a write: w > 1 and tag sets are refused. */
function checkWriteConcern(wc: unknown): void {
  if (!isPlainObject(wc)) return;
  const w = wc.w;
  if ((typeof w === 'number' && w > 1) || (typeof w === 'string' && w !== 'majority')) {
    throw badValue("cannot use 'w' > 1 on a standalone");
  }
}

export async function runCommand(cmd: Doc, ctx: CommandContext): Promise<Doc> {
  const name = Object.keys(cmd)[0];
  const reply = await dispatch(name, cmd, ctx);
  // Only names of known commands are kept, so a client cannot grow the map without bound.
  if (name && Object.prototype.hasOwnProperty.call(handlers, name)) countCommand(name, reply.ok !== 1);
  return reply;
}

async function dispatch(name: string | undefined, cmd: Doc, ctx: CommandContext): Promise<Doc> {
  try {
    if (!name) throw commandNotFound('');
    let handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
    // The aggregate option form of explain (`{aggregate, pipeline, explain: true}`).
    if (name === 'aggregate' && cmd.explain !== undefined && cmd.explain !== false)
      handler = explainAggregateOption;
    if (!handler) throw commandNotFound(name);
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined) {
      // What a standalone mongod answers: transactions need a replica set.
      throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos');
    }
    checkWriteConcern(cmd.writeConcern);
    for (const [k, v] of Object.entries(cmd)) if (!ENVELOPE.has(k)) assertSupportedValues(v);
    return await handler(cmd, ctx);
  } catch (e) {
    if (e instanceof MongoCommandError) return e.toReply();
    ctx.log(`embedded-mongo: command ${name} failed: ${(e as Error).stack ?? String(e)}`);
    return internalError(`${name}: ${(e as Error).message}`).toReply();
  }
}
