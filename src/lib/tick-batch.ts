/**
 * Reads by id asked for in the same tick, sent as one `$in` query. When one saved rating reaches
 * every live stream of an interview at once, each stream checks its viewer's access: with this the
 * process reads the interview once and the viewers together, instead of twice per viewer.
 *
 * The query starts after the tick in which the reads were asked for, so every caller gets data read
 * after it asked (nothing is reused from an earlier read, unlike a cache).
 */
export function tickBatch<V>(
  load: (ids: string[]) => PromiseLike<V[]>,
  idOf: (value: V) => string,
): (id: string) => Promise<V | null> {
  let waiting: Map<string, ((v: V | null) => void)[]> | undefined;
  let failures: ((e: unknown) => void)[] = [];
  const run = async () => {
    const batch = waiting!;
    const fail = failures;
    waiting = undefined;
    failures = [];
    try {
      const found = new Map((await load([...batch.keys()])).map((v) => [idOf(v), v]));
      for (const [id, resolvers] of batch) for (const resolve of resolvers) resolve(found.get(id) ?? null);
    } catch (e) {
      for (const reject of fail) reject(e);
    }
  };
  return (id) =>
    new Promise<V | null>((resolve, reject) => {
      if (!waiting) {
        waiting = new Map();
        process.nextTick(() => void run());
      }
      const list = waiting.get(id) ?? [];
      list.push(resolve);
      waiting.set(id, list);
      failures.push(reject);
    });
}
