/** Deterministic benchmark data: the same documents on every run. */
import type { Document } from 'mongodb';

export const GROUP_KEYS = 100;

/** Deterministic PRNG (mulberry32) so every run works on the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeUsers(n: number, run: number): Document[] {
  const rand = prng(1000 + run);
  const docs: Document[] = [];
  for (let i = 0; i < n; i++) {
    docs.push({
      email: `user${run}-${i}@example.com`,
      name: `User ${run}-${i}`,
      age: 20 + Math.floor(rand() * 50),
      score: Math.round(rand() * 10_000) / 100,
      tags: ['panelist', i % 2 ? 'manager' : 'reviewer'],
      createdAt: new Date(1_700_000_000_000 + i * 1000),
    });
  }
  return docs;
}

export function makeGroupDocs(n: number): Document[] {
  const rand = prng(42);
  const docs: Document[] = [];
  for (let i = 0; i < n; i++) {
    docs.push({
      k: `key-${Math.floor(rand() * GROUP_KEYS)}`,
      v: Math.round(rand() * 100_000) / 100,
      qty: Math.floor(rand() * 20),
      at: new Date(1_700_000_000_000 + i * 60_000),
      label: `item ${i}`,
    });
  }
  return docs;
}

/** Same groups with the same figures (sums compared with a relative tolerance). */
export function sameGroups(a: Document[], b: Document[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((d) => [String(d._id), d]));
  const close = (x: unknown, y: unknown) =>
    typeof x === 'number' &&
    typeof y === 'number' &&
    Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return a.every((d) => {
    const e = byId.get(String(d._id));
    return (
      e !== undefined &&
      close(d.count, e.count) &&
      close(d.total, e.total) &&
      close(d.avg, e.avg) &&
      close(d.min, e.min) &&
      close(d.max, e.max)
    );
  });
}
