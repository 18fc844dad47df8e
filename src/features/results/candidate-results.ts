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
 * position (rare, and one pass). The ranking order and the position-wide counts are stored when
 * summaries change (results-order.ts), so a read costs one page, not the position.
 */
import type { Types } from 'mongoose';
import { Candidate } from '../candidates/candidate.model.js';
import { INTERVIEW_STATUSES, Interview } from '../interviews/interview.model.js';
import type { PositionDoc } from '../positions/position.model.js';
import { competencyStatistics, type CompetencyStatsRow } from './aggregation.js';
import { CandidateResult, ResultsState, type CandidateResultLean } from './candidate-result.model.js';
import { ranking, type RankingRow } from './ranking.js';
import { readOrder, storeOrder, type OrderEntry } from './results-order.js';
import type { CompetencyColumn } from './results.service.js';
import { scaleMaxFrom, usedVersions, type UsedVersion } from './scale.js';

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

/**
 * Runs the reference pipelines for `some` candidates (all without), stores their summaries, and
 * answers what the ranking order needs of each.
 */
async function build(
  position: PositionDoc,
  columns: CompetencyColumn[],
  scaleMax: number,
  some?: Types.ObjectId[],
): Promise<OrderEntry[]> {
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
  if (!rows.length) return [];
  const built = rows.map((r) => {
    const cells = columns.map((c) => cellOf(r, c, stats));
    return { row: r, cells, disagreements: cells.filter((c) => c.disagreement).length };
  });
  await CandidateResult.bulkWrite(
    built.map(({ row: r, cells, disagreements }) => ({
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
            disagreements,
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  return built.map(({ row: r, disagreements }) => ({
    candidate: r.candidate,
    name: r.name,
    weightedTotal: r.weightedTotal ?? null,
    disagreements,
  }));
}

interface Change {
  /** The changed document (a candidate or an interview). */
  doc: Types.ObjectId;
  candidate: Types.ObjectId;
  kind: 'candidate' | 'interview';
  at: Date;
}

/**
 * The position's interviews and candidate documents changed since `since`, in one command. It
 * starts from the interviews, whose filter names every status so that the `{ position, status }`
 * index narrows it to the position's own there, and joins the candidates with `$unionWith`: the
 * embedded engine copies the whole foreign collection for that, and candidates are the smaller.
 */
function changesSince(positionId: Types.ObjectId, since: Date): Promise<Change[]> {
  const recent = { position: positionId, updatedAt: { $gte: since } };
  const project = (candidate: string, kind: Change['kind']) => ({
    $project: { _id: 0, doc: '$_id', candidate, kind: { $literal: kind }, at: '$updatedAt' },
  });
  return Interview.aggregate<Change>([
    { $match: { ...recent, status: { $in: [...INTERVIEW_STATUSES] } } },
    project('$candidate', 'interview'),
    {
      $unionWith: {
        coll: Candidate.collection.name,
        pipeline: [{ $match: recent }, project('$_id', 'candidate')],
      },
    },
  ]);
}

/**
 * Brings the position's summaries up to date and answers the scale's top they were built with.
 * A change is folded in once: the state keeps each document seen within the margin with the
 * `updatedAt` it had, so only a document written again (any other stamp, an earlier one too: a late
 * write wins) counts as a change on the next read. Only the changed interviews are asked whether
 * they bring another scale (scale.ts); a new top rebuilds the position.
 */
export async function freshResults(position: PositionDoc, columns: CompetencyColumn[]): Promise<number> {
  const startedAt = new Date();
  const since = new Date(startedAt.getTime() - REFRESH_MARGIN_MS);
  const weightsKey = weightsKeyOf(columns);
  const state = await ResultsState.findOne({ position: position._id }).lean();
  const known = state?.versions as UsedVersion[] | undefined;
  let some: Types.ObjectId[] | undefined;
  let seen: Change[];
  let versions: UsedVersion[];
  // A state from before the versions were kept is rebuilt whole, like one with other weights.
  if (state && state.weightsKey === weightsKey && Array.isArray(known)) {
    seen = await changesSince(position._id, new Date(state.builtAt.getTime() - REFRESH_MARGIN_MS));
    const folded = new Map((state.recent ?? []).map((r) => [String(r.doc), r.at.getTime()]));
    const changed = seen.filter((c) => folded.get(String(c.doc)) !== c.at.getTime());
    if (!changed.length) return state.scaleMax;
    some = [...new Map(changed.map((c) => [String(c.candidate), c.candidate])).values()];
    const interviews = changed.filter((c) => c.kind === 'interview').map((c) => c.doc);
    versions = await usedVersions(position._id, known, interviews);
  } else {
    seen = await changesSince(position._id, since);
    versions = await usedVersions(position._id);
  }
  const scaleMax = scaleMaxFrom(versions);
  if (state && state.scaleMax !== scaleMax) some = undefined;
  const entries = await build(position, columns, scaleMax, some);
  await storeOrder(position._id, entries, some === undefined);
  const recent = seen.filter((c) => c.at >= since).map((c) => ({ doc: c.doc, at: c.at }));
  await ResultsState.updateOne(
    { position: position._id },
    { $set: { builtAt: startedAt, weightsKey, scaleMax, versions, recent } },
    { upsert: true },
  );
  return scaleMax;
}

export type SummaryRow = CandidateResultLean & { rank: number | null };

/**
 * A page of the position's summaries in ranking order with their ranks (equal totals share one, as
 * `$rank` gives them), or only the `chosen` candidates, and the position-wide counts: the stored
 * order's slice (results-order.ts), then the page's summaries by candidate.
 */
export async function readResults(
  positionId: Types.ObjectId,
  options: { skip?: number; limit?: number; chosen?: Types.ObjectId[] } = {},
) {
  const { totals, page } = await readOrder(positionId, options);
  if (!page.length) return { rows: [] as SummaryRow[], totals };
  const docs = new Map(
    (await CandidateResult.find({ candidate: { $in: page.map((e) => e.candidate) } }).lean()).map((d) => [
      String(d.candidate),
      d,
    ]),
  );
  const rows = page.flatMap((e) => {
    const d = docs.get(String(e.candidate));
    return d ? [{ ...d, rank: e.rank } as SummaryRow] : [];
  });
  return { rows, totals };
}
