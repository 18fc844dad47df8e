/**
 * Results of a position for its managers (owner, sharers, admins): the dashboard, the comparison,
 * the ranking (JSON), the ratings export, and the panelists' calibration. The dashboard, comparison,
 * ranking and standing read the per-candidate summaries (candidate-results.ts, built by the
 * pipelines in ranking.ts and aggregation.ts); calibration and the export run their pipelines.
 * This file checks access and puts names on the few rows a page shows.
 */
import { Types } from 'mongoose';
import { BadRequestError } from '../../lib/errors.js';
import { memoForRequest } from '../../lib/request-memo.js';
import { STAGE_LABELS, type Stage } from '../candidates/candidate.model.js';
import { Competency } from '../competencies/competency.model.js';
import type { PositionDoc } from '../positions/position.model.js';
import { findPosition, listPositions, type Actor } from '../positions/positions.service.js';
import { hasRole } from '../users/user.model.js';
import { freshResults, readResults, type ResultCell, type SummaryRow } from './candidate-results.js';
import type { InterviewBrief, RankingRow } from './ranking.js';
import { agreement, calibration, type Scope } from './calibration.js';
import { exportRows } from './export-rows.js';
import { MAX_COMPARE } from './results.schemas.js';

export { DEFAULT_SCALE_MAX, scaleMaxOf } from './scale.js';

export interface CompetencyColumn {
  id: string;
  competency: Types.ObjectId;
  name: string;
  weight: number;
}

/** The position's competencies in their order, with names and current weights. */
export async function competencyColumns(position: PositionDoc): Promise<CompetencyColumn[]> {
  const rows = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  // Read once per request: the candidate's page needs them for the standing and the references.
  const ids = rows.map((r) => r.competency);
  const found = await memoForRequest(`competency-names:${ids.join(',')}`, () =>
    Competency.find({ _id: { $in: ids } }, 'name').lean(),
  );
  const names = new Map(found.map((c) => [String(c._id), c.name]));
  return rows.map((r) => ({
    id: String(r.competency),
    competency: r.competency,
    name: names.get(String(r.competency)) ?? '(competency no longer available)',
    weight: r.weight ?? 1,
  }));
}

/** Candidates per page of the dashboard and of the ranking JSON. */
export const PAGE_SIZE = 50;

/** The position (access checked), its columns, and its summaries brought up to date. */
async function positionResults(positionId: string, user: Actor) {
  const position = await findPosition(positionId, user);
  const columns = await competencyColumns(position);
  const scaleMax = await freshResults(position, columns);
  return { position, columns, scaleMax };
}

/** Page `page` (from 1; past the last, the last) of `total` rows. */
function pageOf(page: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return { page: current, pages, pageSize: PAGE_SIZE, skip: (current - 1) * PAGE_SIZE };
}

const cellsOf = (r: SummaryRow) => r.cells as ResultCell[];

export async function dashboard(positionId: string, user: Actor, page = 1) {
  const { position, columns, scaleMax } = await positionResults(positionId, user);
  // The totals first tell how many pages there are; a page past the end shows the last one.
  let read = await readResults(position._id, { skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const paging = pageOf(page, read.totals.candidates);
  if (paging.page !== page) read = await readResults(position._id, { skip: paging.skip, limit: PAGE_SIZE });
  const candidates = read.rows.map((r) => ({
    id: String(r.candidate),
    name: r.name,
    stage: r.stage,
    stageLabel: STAGE_LABELS[r.stage as Stage] ?? r.stage,
    rank: r.rank,
    weightedTotal: r.weightedTotal ?? null,
    percent: r.percent ?? null,
    interviews: (r.interviews as InterviewBrief[]).map((i) => ({ ...i, id: String(i.interview) })),
    cells: cellsOf(r),
  }));
  return {
    position: { id: String(position._id), title: position.title, classCode: position.classCode },
    columns,
    scaleMax,
    candidates,
    candidateCount: read.totals.candidates,
    rankedCount: read.totals.ranked,
    disagreements: read.totals.disagreements,
    paging: { page: paging.page, pages: paging.pages, pageSize: PAGE_SIZE, first: paging.skip + 1 },
  };
}

/**
 * The comparison of the chosen candidates (all of them must be the position's), or, with none
 * chosen, of the ranked ones in rank order, at most MAX_COMPARE.
 */
export async function compare(positionId: string, candidateIds: string[], user: Actor) {
  const { position, columns, scaleMax } = await positionResults(positionId, user);
  const chosen = candidateIds.map((id) => new Types.ObjectId(id));
  const read = await readResults(position._id, chosen.length ? { chosen } : { limit: MAX_COMPARE });
  const byId = new Map(read.rows.map((r) => [String(r.candidate), r]));
  const unknown = candidateIds.filter((id) => !byId.has(id));
  if (unknown.length)
    throw new BadRequestError(
      unknown.length === 1
        ? `${unknown[0]} is not a candidate of this position.`
        : `${unknown.join(', ')} are not candidates of this position.`,
    );
  const rows = candidateIds.length
    ? candidateIds.map((id) => byId.get(id)!)
    : read.rows.filter((r) => r.rank !== null);
  return {
    position: { id: String(position._id), title: position.title },
    columns,
    scaleMax,
    defaulted: candidateIds.length === 0,
    rankedCount: read.totals.ranked,
    candidates: rows.map((r) => ({
      id: String(r.candidate),
      name: r.name,
      rank: r.rank,
      weightedTotal: r.weightedTotal ?? null,
      percent: r.percent ?? null,
      cells: cellsOf(r),
    })),
  };
}

/** GET /api/positions/:id/ranking?page=N: PAGE_SIZE candidates a page, in ranking order. */
export async function rankingJson(positionId: string, user: Actor, page = 1) {
  const { position, columns, scaleMax } = await positionResults(positionId, user);
  const read = await readResults(position._id, { skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(read.totals.candidates / PAGE_SIZE));
  return {
    position: { id: String(position._id), title: position.title },
    scaleMax,
    page,
    pages,
    pageSize: PAGE_SIZE,
    total: read.totals.candidates,
    ranked: read.totals.ranked,
    candidates: read.rows.map((r) => ({
      id: String(r.candidate),
      name: r.name,
      stage: r.stage,
      rank: r.rank,
      weightedTotal: r.weightedTotal ?? null,
      percent: r.percent ?? null,
      competencies: columns.map((c) => ({
        competencyId: c.id,
        name: c.name,
        weight: c.weight,
        consensus:
          (r.competencies as RankingRow['competencies']).find((x) => String(x.competency) === c.id)
            ?.consensus ?? null,
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
  const scaleMax = await freshResults(position, columns);
  const read = await readResults(position._id, { chosen: [candidateId] });
  const row = read.rows[0];
  const competencies = (row?.competencies ?? []) as RankingRow['competencies'];
  return {
    weightedTotal: row?.weightedTotal ?? null,
    percent: row?.percent ?? null,
    rank: row?.rank ?? null,
    ranked: read.totals.ranked,
    scaleMax,
    competencies: columns.map((c) => ({
      name: c.name,
      weight: c.weight,
      consensus: competencies.find((x) => String(x.competency) === c.id)?.consensus ?? null,
    })),
  };
}
