/** explain of update, delete and findAndModify: the plan of their filter; nothing is written. */
import { collName, dbName, optionalArray, optionalDoc } from './commands/context.js';
import { MongoCommandError } from './errors.js';
import { findStages } from './explain-stages.js';
import { read, report, withStats, type Explainer } from './explain-run.js';
import { isPlainObject, type Doc } from './values.js';

/** mongod explains one write statement at a time. */
function singleStatement(cmd: Doc, field: string): Doc {
  const statements = optionalArray(cmd, field);
  if (!statements || statements.length !== 1 || !isPlainObject(statements[0])) {
    throw new MongoCommandError(16, 'InvalidLength', 'explained write batches must be of size 1');
  }
  return statements[0];
}

export const explainUpdate: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'update');
  const s = singleStatement(cmd, 'updates');
  const c = ctx.store.collection(db, name);
  c?.checkHint(s.hint);
  const opts = { limit: s.multi === true ? undefined : 1, sort: optionalDoc(s, 'sort') };
  const r = read(c, optionalDoc(s, 'q') ?? {}, opts, withStats(verbosity));
  const plan = { stage: 'UPDATE', inputStage: findStages.find(r.access, opts) };
  return report(ctx, { ...cmd, q: s.q }, `${db}.${name}`, plan, verbosity, r, 0);
};

export const explainDelete: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const name = collName(cmd, 'delete');
  const s = singleStatement(cmd, 'deletes');
  const c = ctx.store.collection(db, name);
  c?.checkHint(s.hint);
  const opts = { limit: s.limit === 1 ? 1 : undefined };
  const r = read(c, optionalDoc(s, 'q') ?? {}, opts, withStats(verbosity));
  const plan = { stage: 'DELETE', inputStage: findStages.find(r.access, opts) };
  return report(ctx, { ...cmd, q: s.q }, `${db}.${name}`, plan, verbosity, r, 0);
};

export const explainFindAndModify: Explainer = (cmd, verbosity, ctx) => {
  const db = dbName(cmd);
  const field = cmd.findAndModify !== undefined ? 'findAndModify' : 'findandmodify';
  const name = collName(cmd, field);
  const c = ctx.store.collection(db, name);
  c?.checkHint(cmd.hint);
  const opts = { limit: 1, sort: optionalDoc(cmd, 'sort') };
  const r = read(c, optionalDoc(cmd, 'query') ?? {}, opts, withStats(verbosity));
  const plan = {
    stage: cmd.remove === true ? 'DELETE' : 'UPDATE',
    inputStage: findStages.find(r.access, opts),
  };
  return report(ctx, cmd, `${db}.${name}`, plan, verbosity, r, 0);
};
