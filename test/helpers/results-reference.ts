/**
 * The per-candidate results summaries and the reference pipelines in one shape, to compare them
 * (results-summaries tests).
 */
import { Types } from 'mongoose';
import { Position } from '../../src/features/positions/position.model.js';
import { competencyStatistics } from '../../src/features/results/aggregation.js';
import { cellOf, readResults } from '../../src/features/results/candidate-results.js';
import { ranking } from '../../src/features/results/ranking.js';
import { competencyColumns, scaleMaxOf } from '../../src/features/results/results.service.js';

/** What the pipelines say now, in the summaries' shape and order. */
export async function fromPipelines(positionId: Types.ObjectId) {
  const position = (await Position.findById(positionId))!;
  const columns = await competencyColumns(position);
  const scaleMax = await scaleMaxOf(positionId);
  const weights = columns.map((c) => ({ competency: c.competency, weight: c.weight }));
  const rows = await ranking(positionId, weights, scaleMax);
  const stats = new Map(
    (
      await competencyStatistics(
        positionId,
        columns.map((c) => c.competency),
      )
    ).map((s) => [`${String(s.candidate)}:${String(s.competency)}`, s]),
  );
  return rows.map((r) => ({
    candidate: String(r.candidate),
    name: r.name,
    stage: r.stage,
    rank: r.rank,
    weightedTotal: r.weightedTotal,
    percent: r.percent,
    competencies: r.competencies.map((c) => ({ ...c, competency: String(c.competency) })),
    interviews: r.interviews.map((i) => ({ ...i, interview: String(i.interview) })),
    cells: columns.map((c) => cellOf(r, c, stats)),
  }));
}

/** The summaries as the pages read them (after bringing them up to date through a page). */
export async function fromSummaries(positionId: Types.ObjectId) {
  const { rows } = await readResults(positionId);
  return rows.map((r) => ({
    candidate: String(r.candidate),
    name: r.name,
    stage: r.stage,
    rank: r.rank,
    weightedTotal: r.weightedTotal ?? null,
    percent: r.percent ?? null,
    competencies: (r.competencies as { competency: unknown }[]).map((c) => ({
      ...c,
      competency: String(c.competency),
    })),
    interviews: (r.interviews as { interview: unknown; scheduledAt: Date | string }[]).map((i) => ({
      ...i,
      interview: String(i.interview),
      scheduledAt: new Date(i.scheduledAt),
    })),
    cells: r.cells,
  }));
}
