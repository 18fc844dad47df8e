/**
 * The engine's background monitors: TTL expiry (the documents past their index's
 * expireAfterSeconds, as mongod's TTL monitor finds them) and the sweep of idle cursors and
 * change streams.
 */
import type { ChangeLog } from './change-stream.js';
import type { CursorManager } from './cursors.js';
import type { EngineOptions } from './engine-options.js';
import { WriteBatch, type Store } from './store.js';
import { valueAtPath } from './values.js';

/**
 * A batch removing every document whose TTL index date (the earliest, when the field holds an
 * array of dates) is `expireAfterSeconds` or more before `now`. Documents without a date stay.
 */
export function expiredDocuments(store: Store, now: number): WriteBatch {
  const batch = new WriteBatch(store);
  for (const colls of store.dbs.values()) {
    for (const c of colls.values()) {
      for (const idx of c.indexes) {
        const secs = idx.spec.expireAfterSeconds;
        if (secs === undefined || idx.fields.length !== 1) continue;
        for (const doc of [...c.docs.values()]) {
          const v = valueAtPath(doc, idx.fields[0]);
          const dates = (Array.isArray(v) ? v : [v]).filter((x): x is Date => x instanceof Date);
          if (dates.length === 0) continue;
          const earliest = Math.min(...dates.map((d) => d.getTime()));
          if (earliest + secs * 1000 <= now) batch.remove(c, doc);
        }
      }
    }
  }
  return batch;
}

/** What the monitors act on (server.ts Engine). */
interface Monitored {
  expireTtl(): Promise<number>;
  readonly cursors: CursorManager;
  readonly changes: ChangeLog;
}

/** Starts the monitors; they never keep the process alive. Stop them with clearInterval. */
export function startMonitors(options: EngineOptions, engine: Monitored): NodeJS.Timeout[] {
  const ttl = setInterval(() => void engine.expireTtl(), options.ttlIntervalMs ?? 60_000);
  const cursors = setInterval(
    () => {
      engine.cursors.sweep();
      engine.changes.sweep(options.cursorIdleMs ?? 10 * 60 * 1000);
    },
    Math.min(60_000, options.cursorIdleMs ?? 60_000),
  );
  ttl.unref();
  cursors.unref();
  return [ttl, cursors];
}
