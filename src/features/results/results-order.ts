/**
 * The ranking order of a position's summaries (ResultsOrder, candidate-result.model.ts): kept on
 * the write side when summaries change, so a page reads its slice of the order, the position-wide
 * counts and its own summaries, whatever the size of the position.
 */
import type { Types } from 'mongoose';
import { CandidateResult, ResultsOrder } from './candidate-result.model.js';

/** What the order needs of one summary. */
export interface OrderEntry {
  candidate: Types.ObjectId;
  name: string;
  weightedTotal: number | null;
  disagreements: number;
}

const byBinary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranking order: candidates with a total first, the highest first; equal totals (and the
 * candidates without one) by name, then by id, so the order never depends on when they were built.
 */
export function sortEntries(entries: OrderEntry[]): OrderEntry[] {
  return [...entries].sort((a, b) => {
    if ((a.weightedTotal === null) !== (b.weightedTotal === null)) return a.weightedTotal === null ? 1 : -1;
    if (a.weightedTotal !== b.weightedTotal) return b.weightedTotal! - a.weightedTotal!;
    return byBinary(a.name, b.name) || byBinary(String(a.candidate), String(b.candidate));
  });
}

/** Ranks of sorted entries: equal totals share one (as `$rank` gives them); null without a total. */
export function ranksOf(sorted: OrderEntry[]): (number | null)[] {
  let rank = 0;
  return sorted.map((e, i) => {
    if (e.weightedTotal === null) return null;
    if (i === 0 || e.weightedTotal !== sorted[i - 1].weightedTotal) rank = i + 1;
    return rank;
  });
}

/** `current` with the `changed` entries in place of (or added to) theirs. */
export function mergeEntries(current: OrderEntry[], changed: OrderEntry[]): OrderEntry[] {
  const fresh = new Map(changed.map((e) => [String(e.candidate), e]));
  const merged = current.map((e) => {
    const f = fresh.get(String(e.candidate));
    fresh.delete(String(e.candidate));
    return f ?? e;
  });
  return [...merged, ...fresh.values()];
}

type OrderDoc = {
  candidates: Types.ObjectId[];
  names: string[];
  totals: (number | null)[];
  disagreements: number[];
};

const entriesOf = (d: OrderDoc): OrderEntry[] =>
  d.candidates.map((candidate, i) => ({
    candidate,
    name: d.names[i],
    weightedTotal: d.totals[i] ?? null,
    disagreements: d.disagreements[i] ?? 0,
  }));

const sameEntry = (a: OrderEntry, b: OrderEntry) =>
  String(a.candidate) === String(b.candidate) &&
  a.name === b.name &&
  a.weightedTotal === b.weightedTotal &&
  a.disagreements === b.disagreements;

/**
 * Stores the order of the position after its summaries were built: `entries` are all of them
 * (`whole`) or the ones just rebuilt, merged into the stored order. Written only when an entry
 * changed (a candidate's notes or a reschedule leave the order as it was).
 */
export async function storeOrder(positionId: Types.ObjectId, entries: OrderEntry[], whole: boolean) {
  let current: OrderEntry[] = [];
  if (!whole) {
    const doc = await ResultsOrder.collection.findOne<OrderDoc>(
      { position: positionId },
      { projection: { candidates: 1, names: 1, totals: 1, disagreements: 1 } },
    );
    // No stored order yet (summaries built before it existed): taken from the summaries once.
    current = doc
      ? entriesOf(doc)
      : await CandidateResult.find(
          { position: positionId },
          { _id: 0, candidate: 1, name: 1, weightedTotal: 1, disagreements: 1 },
        ).lean<OrderEntry[]>();
    current = current.map((e) => ({ ...e, weightedTotal: e.weightedTotal ?? null }));
  }
  const sorted = sortEntries(whole ? entries : mergeEntries(current, entries));
  if (!whole && sorted.length === current.length && sorted.every((e, i) => sameEntry(e, current[i]))) return;
  const ranks = ranksOf(sorted);
  // Through the driver: mongoose would cast each of the thousands of array elements again.
  await ResultsOrder.collection.updateOne(
    { position: positionId },
    {
      $set: {
        candidates: sorted.map((e) => e.candidate),
        names: sorted.map((e) => e.name),
        totals: sorted.map((e) => e.weightedTotal),
        ranks,
        disagreements: sorted.map((e) => e.disagreements),
        count: sorted.length,
        ranked: ranks.filter((r) => r !== null).length,
        disagreementTotal: sorted.reduce((n, e) => n + e.disagreements, 0),
      },
    },
    { upsert: true },
  );
}

export interface Totals {
  candidates: number;
  ranked: number;
  disagreements: number;
}

/**
 * The candidates and ranks of entries `skip` to `skip + limit` (all without a limit), or of the
 * `chosen` candidates in ranking order, and the position-wide counts. A page is a `$slice` of the
 * order: its cost does not grow with the position.
 */
export async function readOrder(
  positionId: Types.ObjectId,
  options: { skip?: number; limit?: number; chosen?: Types.ObjectId[] },
): Promise<{ totals: Totals; page: { candidate: Types.ObjectId; rank: number | null }[] }> {
  const counts = { count: 1, ranked: 1, disagreementTotal: 1 };
  const slice =
    !options.chosen && options.limit
      ? { $slice: [options.skip ?? 0, options.limit] }
      : // $slice [skip, n] wants n > 0; a read from skip to the end is left whole and cut here.
        1;
  const projection: Record<string, unknown> = { ...counts, candidates: slice, ranks: slice };
  const doc = await ResultsOrder.findOne({ position: positionId }, projection).lean<{
    candidates: Types.ObjectId[];
    ranks: (number | null)[];
    count: number;
    ranked: number;
    disagreementTotal: number;
  }>();
  if (!doc) return { totals: { candidates: 0, ranked: 0, disagreements: 0 }, page: [] };
  const totals = { candidates: doc.count, ranked: doc.ranked, disagreements: doc.disagreementTotal };
  let page = doc.candidates.map((candidate, i) => ({ candidate, rank: doc.ranks[i] ?? null }));
  if (options.chosen) {
    const chosen = new Set(options.chosen.map(String));
    page = page.filter((e) => chosen.has(String(e.candidate)));
  } else if (slice === 1) page = page.slice(options.skip ?? 0);
  return { totals, page };
}
