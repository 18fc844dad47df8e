/**
 * Building and reading the per-candidate results summaries (candidate-result.model.ts).
 *
 * Freshness without hooks in every write path: each read first folds in the candidates whose
 * candidate document or interviews changed since the summaries were built (`updatedAt`, indexed
 * per position), re-running the reference pipelines (ranking.ts, aggregation.ts) for those
 * candidates only. Any change to a candidate's figures goes through one of those two documents:
 * ratings count only once their interview is revealed (which updates the interview), and the
 * statistics use the submitted values, which never change after the reveal. A margin re-reads
 * what changed just before the last build, so a write that was timestamped before a build but
 * landed after it is not missed. Other weights, competencies or scale top rebuild the whole
 * position (rare, and one pass).
 */
import type { Types } from 'mongoose';
import { Candidate } from '../candidates/candidate.model.js';
import { Interview } from '../interviews/interview.model.js';
import type { PositionDoc } from '../positions/position.model.js';
import { competencyStatistics, type CompetencyStatsRow } from './aggregation.js';
import { CandidateResult, ResultsState, type CandidateResultLean } from './candidate-result.model.js';
import { ranking, type RankingRow } from './ranking.js';
import type { CompetencyColumn } from './results.service.js';

/** Changes timestamped this long before the last build are folded in again (see above). */
export const REFRESH_MARGIN_MS = 30_000;

const key = (candidate: unknown, competency: unknown) => `${String(candidate)}:${String(competency)}`;

/** One cell of the candidate × competency grid. */
export function cellOf(row: RankingRow, column: CompetencyColumn, stats: Map<string, CompetencyStatsRow>) {
  const s = stats.get(key(row.candidate, column.competency));
  const consensus = row.competencies.find((c) => String(c.competency) === column.id)?.consensus ?? null;
  return {
    competencyId: column.id,
    consensus,
    n: s?.n ?? 0,
    mean: s?.mean ?? null,
    median: s?.median ?? null,
    min: s?.min ?? null,
    max: s?.max ?? null,
    spread: s?.spread ?? null,
    disagreement: s?.disagreement ?? false,
  };
}
export type ResultCell = ReturnType<typeof cellOf>;

const weightsKeyOf = (columns: CompetencyColumn[]) => JSON.stringify(columns.map((c) => [c.id, c.weight]));

/** Runs the reference pipelines for `some` candidates (all without) and stores their summaries. */
async function build(
  position: PositionDoc,
  columns: CompetencyColumn[],
  scaleMax: number,
  some?: Types.ObjectId[],
) {
  const weights = columns.map((c) => ({ competency: c.competency, weight: c.weight }));
  const [rows, statRows] = await Promise.all([
    ranking(position._id, weights, scaleMax, some),
    competencyStatistics(
      position._id,
      columns.map((c) => c.competency),
      some,
    ),
  ]);
  const stats = new Map(statRows.map((s) => [key(s.candidate, s.competency), s]));
  if (!rows.length) return;
  await CandidateResult.bulkWrite(
    rows.map((r) => {
      const cells = columns.map((c) => cellOf(r, c, stats));
      return {
        updateOne: {
          filter: { candidate: r.candidate },
          update: {
            $set: {
              position: position._id,
              name: r.name,
              stage: r.stage,
              interviews: r.interviews,
              competencies: r.competencies,
              cells,
              weightedTotal: r.weightedTotal,
              percent: r.percent,
              ranked: r.weightedTotal === null ? 0 : 1,
              disagreements: cells.filter((c) => c.disagreement).length,
            },
          },
          upsert: true,
        },
      };
    }),
    { ordered: false },
  );
}

interface Change {
  /** The changed document (a candidate or an interview). */
  doc: Types.ObjectId;
  candidate: Types.ObjectId;
  at: Date;
}

/**
 * The position's candidate documents and interviews changed since `since`, in one command (the
 * interviews joined with `$unionWith`).
 */
function changesSince(positionId: Types.ObjectId, since: Date): Promise<Change[]> {
  const recent = { position: positionId, updatedAt: { $gte: since } };
  return Candidate.aggregate<Change>([
    { $match: recent },
    { $project: { _id: 0, doc: '$_id', candidate: '$_id', at: '$updatedAt' } },
    {
      $unionWith: {
        coll: Interview.collection.name,
        pipeline: [{ $match: recent }, { $project: { _id: 0, doc: '$_id', candidate: 1, at: '$updatedAt' } }],
      },
    },
  ]);
}

/**
 * Brings the position's summaries up to date and answers the scale's top they were built with.
 * A change is folded in once: the state keeps each document seen within the margin with the
 * `updatedAt` it had, so only a document written again (any other stamp, an earlier one too: a late
 * write wins) counts as a change on the next read. `scaleMaxOf` is only asked when something
 * changed (a newly complete interview may bring another scale).
 */
export async function freshResults(
  position: PositionDoc,
  columns: CompetencyColumn[],
  scaleMaxOf: (positionId: Types.ObjectId) => Promise<number>,
): Promise<number> {
  const startedAt = new Date();
  const since = new Date(startedAt.getTime() - REFRESH_MARGIN_MS);
  const weightsKey = weightsKeyOf(columns);
  const state = await ResultsState.findOne({ position: position._id }).lean();
  let some: Types.ObjectId[] | undefined;
  let seen: Change[];
  if (state && state.weightsKey === weightsKey) {
    seen = await changesSince(position._id, new Date(state.builtAt.getTime() - REFRESH_MARGIN_MS));
    const folded = new Map((state.recent ?? []).map((r) => [String(r.doc), r.at.getTime()]));
    const changed = seen.filter((c) => folded.get(String(c.doc)) !== c.at.getTime());
    if (!changed.length) return state.scaleMax;
    some = [...new Map(changed.map((c) => [String(c.candidate), c.candidate])).values()];
  } else seen = await changesSince(position._id, since);
  const scaleMax = await scaleMaxOf(position._id);
  if (state && state.scaleMax !== scaleMax) some = undefined;
  await build(position, columns, scaleMax, some);
  const recent = seen.filter((c) => c.at >= since).map((c) => ({ doc: c.doc, at: c.at }));
  await ResultsState.updateOne(
    { position: position._id },
    { $set: { builtAt: startedAt, weightsKey, scaleMax, recent } },
    { upsert: true },
  );
  return scaleMax;
}

export type SummaryRow = CandidateResultLean & { rank: number | null };

/**
 * A page of the position's summaries in ranking order with their ranks (equal totals share one, as
 * `$rank` gives them), or only the `chosen` candidates, and the position-wide counts. The order
 * comes from a small projection of every summary; only the page's summaries are read whole.
 */
export async function readResults(
  positionId: Types.ObjectId,
  options: { skip?: number; limit?: number; chosen?: Types.ObjectId[] } = {},
) {
  const order = await CandidateResult.find(
    { position: positionId },
    { _id: 0, candidate: 1, weightedTotal: 1, ranked: 1, disagreements: 1 },
  )
    .sort({ ranked: -1, weightedTotal: -1, name: 1, candidate: 1 })
    .lean();
  const ranks = new Map<string, number | null>();
  let previous: number | null | undefined;
  let rank = 0;
  order.forEach((r, i) => {
    if (r.ranked !== 1) return void ranks.set(String(r.candidate), null);
    if (r.weightedTotal !== previous) rank = i + 1;
    previous = r.weightedTotal;
    ranks.set(String(r.candidate), rank);
  });
  const totals = {
    candidates: order.length,
    ranked: order.filter((r) => r.ranked === 1).length,
    disagreements: order.reduce((n, r) => n + (r.disagreements ?? 0), 0),
  };
  const chosen = options.chosen ? new Set(options.chosen.map(String)) : null;
  const start = options.skip ?? 0;
  const wanted = (chosen ? order.filter((r) => chosen.has(String(r.candidate))) : order)
    .slice(start, options.limit ? start + options.limit : undefined)
    .map((r) => r.candidate);
  if (!wanted.length) return { rows: [] as SummaryRow[], totals };
  const docs = new Map(
    (await CandidateResult.find({ candidate: { $in: wanted } }).lean()).map((d) => [String(d.candidate), d]),
  );
  const rows = wanted.flatMap((id) => {
    const d = docs.get(String(id));
    return d ? [{ ...d, rank: ranks.get(String(id)) ?? null } as SummaryRow] : [];
  });
  return { rows, totals };
}
