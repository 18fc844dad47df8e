/**
 * Results of a position for its managers (owner, sharers, admins): the dashboard, the comparison,
 * the ranking (JSON), the ratings export, and the panelists' calibration. The figures come from
 * the pipelines in aggregation.ts, calibration.ts and export-rows.ts; this file checks access and
 * puts names on the few rows a page shows.
 */
import { Types } from 'mongoose';
import { BadRequestError } from '../../lib/errors.js';
import { STAGE_LABELS, type Stage } from '../candidates/candidate.model.js';
import { Competency } from '../competencies/competency.model.js';
import { GuideVersion } from '../guides/guide-version.model.js';
import type { PositionDoc } from '../positions/position.model.js';
import { findPosition, listPositions, type Actor } from '../positions/positions.service.js';
import { hasRole } from '../users/user.model.js';
import { competencyStatistics, type CompetencyStatsRow } from './aggregation.js';
import { completedGuideVersions, ranking, type RankingRow } from './ranking.js';
import { agreement, calibration, type Scope } from './calibration.js';
import { exportRows } from './export-rows.js';
import { MAX_COMPARE } from './results.schemas.js';

/** OPM's five-point proficiency scale: the top when no complete interview names a scale yet. */
export const DEFAULT_SCALE_MAX = 5;

export interface CompetencyColumn {
  id: string;
  competency: Types.ObjectId;
  name: string;
  weight: number;
}

/** The position's competencies in their order, with names and current weights. */
export async function competencyColumns(position: PositionDoc): Promise<CompetencyColumn[]> {
  const rows = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const names = new Map(
    (await Competency.find({ _id: { $in: rows.map((r) => r.competency) } }, 'name').lean()).map((c) => [
      String(c._id),
      c.name,
    ]),
  );
  return rows.map((r) => ({
    id: String(r.competency),
    competency: r.competency,
    name: names.get(String(r.competency)) ?? '(competency no longer available)',
    weight: r.weight ?? 1,
  }));
}

/**
 * The highest point of the rating scale of the guide versions the complete interviews used
 * (normally one scale per position; if it changed between versions, the highest top counts).
 */
export async function scaleMaxOf(positionId: Types.ObjectId): Promise<number> {
  const used = await completedGuideVersions(positionId);
  if (!used.length) return DEFAULT_SCALE_MAX;
  const versions = await GuideVersion.find(
    { $or: used.map((u) => ({ guide: u._id.guide, version: u._id.version })) },
    { 'snapshot.ratingScale.points.value': 1 },
  ).lean<{ snapshot?: { ratingScale?: { points?: { value: unknown }[] } } }[]>();
  const tops = versions.flatMap((v) =>
    (v.snapshot?.ratingScale?.points ?? []).map((p) => Number(p.value)).filter(Number.isFinite),
  );
  return tops.length ? Math.max(...tops) : DEFAULT_SCALE_MAX;
}

const key = (candidate: unknown, competency: unknown) => `${String(candidate)}:${String(competency)}`;

/** What the dashboard, the comparison and the JSON ranking share. */
async function positionResults(positionId: string, user: Actor) {
  const position = await findPosition(positionId, user);
  const columns = await competencyColumns(position);
  const scaleMax = await scaleMaxOf(position._id);
  const rows = await ranking(
    position._id,
    columns.map((c) => ({ competency: c.competency, weight: c.weight })),
    scaleMax,
  );
  return { position, columns, scaleMax, rows };
}

function statsByKey(stats: CompetencyStatsRow[]) {
  return new Map(stats.map((s) => [key(s.candidate, s.competency), s]));
}

/** One cell of the candidate × competency grid. */
function cellOf(row: RankingRow, column: CompetencyColumn, stats: Map<string, CompetencyStatsRow>) {
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

export async function dashboard(positionId: string, user: Actor) {
  const { position, columns, scaleMax, rows } = await positionResults(positionId, user);
  const stats = statsByKey(
    await competencyStatistics(
      position._id,
      columns.map((c) => c.competency),
    ),
  );
  const candidates = rows.map((r) => ({
    id: String(r.candidate),
    name: r.name,
    stage: r.stage,
    stageLabel: STAGE_LABELS[r.stage as Stage] ?? r.stage,
    rank: r.rank,
    weightedTotal: r.weightedTotal,
    percent: r.percent,
    interviews: r.interviews.map((i) => ({ ...i, id: String(i.interview) })),
    cells: columns.map((c) => cellOf(r, c, stats)),
  }));
  return {
    position: { id: String(position._id), title: position.title, classCode: position.classCode },
    columns,
    scaleMax,
    candidates,
    rankedCount: candidates.filter((c) => c.rank !== null).length,
    disagreements: candidates.reduce((n, c) => n + c.cells.filter((x) => x.disagreement).length, 0),
  };
}

/**
 * The comparison of the chosen candidates (all of them must be the position's), or, with none
 * chosen, of the ranked ones in rank order, at most MAX_COMPARE.
 */
export async function compare(positionId: string, candidateIds: string[], user: Actor) {
  const { position, columns, scaleMax, rows } = await positionResults(positionId, user);
  const byId = new Map(rows.map((r) => [String(r.candidate), r]));
  const unknown = candidateIds.filter((id) => !byId.has(id));
  if (unknown.length)
    throw new BadRequestError(
      unknown.length === 1
        ? `${unknown[0]} is not a candidate of this position.`
        : `${unknown.join(', ')} are not candidates of this position.`,
    );
  const ranked = rows.filter((r) => r.rank !== null);
  const chosen = candidateIds.length ? candidateIds.map((id) => byId.get(id)!) : ranked.slice(0, MAX_COMPARE);
  const stats = statsByKey(
    await competencyStatistics(
      position._id,
      columns.map((c) => c.competency),
    ),
  );
  return {
    position: { id: String(position._id), title: position.title },
    columns,
    scaleMax,
    defaulted: candidateIds.length === 0,
    rankedCount: ranked.length,
    candidates: chosen.map((r) => ({
      id: String(r.candidate),
      name: r.name,
      rank: r.rank,
      weightedTotal: r.weightedTotal,
      percent: r.percent,
      cells: columns.map((c) => cellOf(r, c, stats)),
    })),
  };
}

/** GET /api/positions/:id/ranking */
export async function rankingJson(positionId: string, user: Actor) {
  const { position, columns, scaleMax, rows } = await positionResults(positionId, user);
  return {
    position: { id: String(position._id), title: position.title },
    scaleMax,
    candidates: rows.map((r) => ({
      id: String(r.candidate),
      name: r.name,
      stage: r.stage,
      rank: r.rank,
      weightedTotal: r.weightedTotal,
      percent: r.percent,
      competencies: columns.map((c) => ({
        competencyId: c.id,
        name: c.name,
        weight: c.weight,
        consensus: r.competencies.find((x) => String(x.competency) === c.id)?.consensus ?? null,
      })),
    })),
  };
}

/** The ratings export's rows, and the position it belongs to. */
export async function ratingsExport(positionId: string, user: Actor) {
  const position = await findPosition(positionId, user);
  const columns = await competencyColumns(position);
  const rows = await exportRows(
    position._id,
    columns.map((c) => c.competency),
  );
  return { position, rows };
}

/**
 * Calibration across the interviews of the positions `user` may see (admins: all), or of one
 * position; agreement for the most recent complete interviews of the same scope.
 */
export async function calibrationPage(user: Actor, positionId?: string) {
  const visible = await listPositions(user);
  const positions = visible.map((p) => ({ id: String(p._id), title: p.title }));
  let scope: Scope;
  let selected: { id: string; title: string } | null = null;
  if (positionId) {
    const position = await findPosition(positionId, user);
    scope = [position._id];
    selected = { id: String(position._id), title: position.title };
  } else if (hasRole(user, 'admin')) scope = 'all';
  else scope = visible.map((p) => p._id);
  const [panelists, panels] = await Promise.all([calibration(scope), agreement(scope)]);
  return { positions, selected, panelists, panels };
}

/**
 * One candidate's standing in the position (for the candidate's profile): the weighted total of
 * their consensus ratings, its percent of the scale's top and the rank among the ranked candidates.
 */
export async function candidateStanding(position: PositionDoc, candidateId: Types.ObjectId) {
  const columns = await competencyColumns(position);
  const scaleMax = await scaleMaxOf(position._id);
  const rows = await ranking(
    position._id,
    columns.map((c) => ({ competency: c.competency, weight: c.weight })),
    scaleMax,
  );
  const row = rows.find((r) => String(r.candidate) === String(candidateId));
  return {
    weightedTotal: row?.weightedTotal ?? null,
    percent: row?.percent ?? null,
    rank: row?.rank ?? null,
    ranked: rows.filter((r) => r.rank !== null).length,
    scaleMax,
    competencies: columns.map((c) => ({
      name: c.name,
      weight: c.weight,
      consensus: row?.competencies.find((x) => String(x.competency) === c.id)?.consensus ?? null,
    })),
  };
}
