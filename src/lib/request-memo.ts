/**
 * Reference data read once per request. A page often needs the same rating scales in several
 * places (the level choices, the scale menu, the rating guides); `memoForRequest` answers repeats
 * within one request from the first read, and nothing outlives the request, so an edit made by
 * another request or process is seen by the next request at once (unlike a process-wide cache).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Opens a request's memo; mounted before the routers. */
export const requestMemoScope: RequestHandler = (_req, _res, next) => scope.run(new Map(), next);

/**
 * `load()` once per request and key; outside a request (scripts, timers, tests calling services)
 * it simply loads. A failed load is forgotten so a retry reads again. Only for reads: a request that
 * changes what `key` names must not read it through the memo afterwards.
 */
export function memoForRequest<T>(key: string, load: () => PromiseLike<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return Promise.resolve(load());
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    // A mongoose query is a thenable that runs once: the promise holds its one result.
    found = Promise.resolve(load());
    memo.set(key, found);
    found.catch(() => memo.delete(key));
  }
  return found;
}
