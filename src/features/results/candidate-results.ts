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
import type { PipelineStage, Types } from 'mongoose';
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

/** The candidates of the position whose candidate document or interviews changed since `since`. */
async function changedSince(positionId: Types.ObjectId, since: Date): Promise<Types.ObjectId[]> {
  const [candidates, interviews] = await Promise.all([
    Candidate.find({ position: positionId, updatedAt: { $gte: since } }, { _id: 1 }).lean(),
    Interview.find({ position: positionId, updatedAt: { $gte: since } }, { candidate: 1 }).lean(),
  ]);
  const ids = new Map<string, Types.ObjectId>();
  for (const c of candidates) ids.set(String(c._id), c._id);
  for (const i of interviews) ids.set(String(i.candidate), i.candidate);
  return [...ids.values()];
}

/**
 * Brings the position's summaries up to date and answers the scale's top they were built with.
 * `scaleMaxOf` is only asked when something changed (a newly complete interview may bring another
 * scale).
 */
export async function freshResults(
  position: PositionDoc,
  columns: CompetencyColumn[],
  scaleMaxOf: (positionId: Types.ObjectId) => Promise<number>,
): Promise<number> {
  const startedAt = new Date();
  const weightsKey = weightsKeyOf(columns);
  const state = await ResultsState.findOne({ position: position._id }).lean();
  let some: Types.ObjectId[] | undefined;
  if (state && state.weightsKey === weightsKey) {
    some = await changedSince(position._id, new Date(state.builtAt.getTime() - REFRESH_MARGIN_MS));
    if (!some.length) return state.scaleMax;
  }
  const scaleMax = await scaleMaxOf(position._id);
  if (state && state.scaleMax !== scaleMax) some = undefined;
  await build(position, columns, scaleMax, some);
  await ResultsState.updateOne(
    { position: position._id },
    { $set: { builtAt: startedAt, weightsKey, scaleMax } },
    { upsert: true },
  );
  return scaleMax;
}

export type SummaryRow = CandidateResultLean & { rank: number | null };

/**
 * A page of the position's summaries in ranking order with their ranks (equal totals share one),
 * or only the `chosen` candidates, and the position-wide counts, in one command.
 */
export async function readResults(
  positionId: Types.ObjectId,
  options: { skip?: number; limit?: number; chosen?: Types.ObjectId[] } = {},
) {
  const page: PipelineStage.FacetPipelineStage[] = [
    { $sort: { ranked: -1, weightedTotal: -1, name: 1, candidate: 1 } },
    ...(options.chosen ? [{ $match: { candidate: { $in: options.chosen } } }] : []),
    ...(options.skip ? [{ $skip: options.skip }] : []),
    ...(options.limit ? [{ $limit: options.limit }] : []),
  ];
  const [out] = await CandidateResult.aggregate<{
    rows: SummaryRow[];
    totals: { candidates: number; ranked: number; disagreements: number }[];
  }>([
    { $match: { position: positionId } },
    {
      $facet: {
        rows: [
          {
            $setWindowFields: {
              partitionBy: '$ranked',
              sortBy: { weightedTotal: -1 },
              output: { rank: { $rank: {} } },
            },
          },
          { $set: { rank: { $cond: [{ $eq: ['$ranked', 1] }, '$rank', null] } } },
          ...page,
        ],
        totals: [
          {
            $group: {
              _id: null,
              candidates: { $sum: 1 },
              ranked: { $sum: '$ranked' },
              disagreements: { $sum: '$disagreements' },
            },
          },
        ],
      },
    },
  ]);
  const totals = out?.totals[0] ?? { candidates: 0, ranked: 0, disagreements: 0 };
  return { rows: out?.rows ?? [], totals };
}
