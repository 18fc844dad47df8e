/**
 * The panel board's view model, built under the independence rule: before every panelist has
 * submitted, it holds progress (who rated and noted what) and the viewer's own ratings only; after
 * that, every rating with the statistics, the consensus, the sign-offs and the audit trail.
 */
import { RECOMMENDATION_LABELS, type Recommendation } from '../interviews/interview.model.js';
import type { PanelContext } from '../interviews/panel-context.js';
import { Rating } from '../scoring/rating.model.js';
import { User } from '../users/user.model.js';
import { auditTrail, missingForSignOff } from './consensus.service.js';
import { interviewStats, panelProgress, type SectionStats } from './panel-stats.js';

export interface BoardPanelist {
  id: string;
  name: string;
  role: string;
  submitted: boolean;
  signedOff: boolean;
  /** Per section: rated and noted flags (never the values). */
  progress: Record<string, { rated: boolean; noted: boolean }>;
  rated: number;
  noted: number;
}

export interface BoardSection {
  id: string;
  competencyId: string;
  name: string;
  level?: string;
  weight: number;
  /** Only once revealed. */
  stats: SectionStats | null;
  ratings: {
    panelist: string;
    name: string;
    value: number | null;
    submittedValue: number | null;
    note: string;
    changed: boolean;
  }[];
  consensus: { value: number; label: string; rationale: string; byName: string; at: Date } | null;
  /** The viewer's own rating (always theirs to see). */
  mine: { value: number | null; note: string } | null;
}

export async function buildBoard(ctx: PanelContext, viewerId: string) {
  const id = ctx.interview._id;
  const progressRows = await panelProgress(id);
  const total = ctx.guide.sections.length;
  const panel: BoardPanelist[] = ctx.panel.map((p) => {
    const progress: BoardPanelist['progress'] = {};
    for (const r of progressRows)
      if (r.panelist === p.id) progress[r.section] = { rated: r.rated, noted: r.noted };
    const rows = ctx.guide.sections.map((s) => progress[s.id]);
    return {
      id: p.id,
      name: p.name,
      role: p.role,
      submitted: !!p.submittedAt,
      signedOff: !!p.signedOffAt,
      progress,
      rated: rows.filter((r) => r?.rated).length,
      noted: rows.filter((r) => r?.noted).length,
    };
  });
  const names = new Map(ctx.panel.map((p) => [p.id, p.name]));
  const scaleLabel = new Map(ctx.guide.ratingScale.points.map((p) => [p.value, p.label]));

  const stats = ctx.canSeeValues ? await interviewStats(id) : [];
  const statsBySection = new Map(stats.map((s) => [s.section, s]));
  const mine = ctx.me
    ? await Rating.find({ interview: id, panelist: ctx.me.id }, 'section value note').lean()
    : [];
  const mineBySection = new Map(mine.map((r) => [r.section, r]));

  const consensusUsers = ctx.canSeeValues
    ? await User.find(
        {
          _id: {
            $in: [
              ...ctx.interview.consensus.map((c) => c.by),
              ...(ctx.interview.recommendation?.by ? [ctx.interview.recommendation.by] : []),
            ],
          },
        },
        'name',
      ).lean()
    : [];
  const userName = (uid: unknown) =>
    names.get(String(uid)) ??
    consensusUsers.find((u) => String(u._id) === String(uid))?.name ??
    '(former user)';

  const sections: BoardSection[] = ctx.guide.sections.map((s) => {
    const st = statsBySection.get(s.id) ?? null;
    const c = ctx.canSeeValues ? ctx.interview.consensus.find((x) => x.section === s.id) : undefined;
    const own = mineBySection.get(s.id);
    return {
      id: s.id,
      competencyId: s.competencyId,
      name: s.competencyName,
      level: s.level,
      weight: s.weight,
      stats: st,
      ratings: st
        ? st.ratings.map((r) => ({
            ...r,
            name: names.get(r.panelist) ?? '(former panelist)',
            changed: r.submittedValue != null && r.value !== r.submittedValue,
          }))
        : [],
      consensus: c
        ? {
            value: c.value,
            label: scaleLabel.get(c.value) ?? String(c.value),
            rationale: c.rationale,
            byName: userName(c.by),
            at: c.at,
          }
        : null,
      mine: own ? { value: own.value ?? null, note: own.note ?? '' } : null,
    };
  });

  const rec = ctx.canSeeValues && ctx.interview.recommendation?.value ? ctx.interview.recommendation : null;
  const audit = ctx.canSeeValues
    ? (await auditTrail(id)).map((a) => ({
        kind: a.kind,
        at: a.at,
        byName: userName(a.by),
        panelistName: a.panelist ? userName(a.panelist) : null,
        competency: ctx.guide.sections.find((s) => s.id === a.section)?.competencyName ?? null,
        from: a.from,
        to: a.to,
        why: a.why,
      }))
    : [];

  return {
    viewerId,
    phase: ctx.phase,
    revealed: ctx.canSeeValues,
    totalSections: total,
    panel,
    submittedCount: panel.filter((p) => p.submitted).length,
    signedOffCount: panel.filter((p) => p.signedOff).length,
    sections,
    scale: ctx.guide.ratingScale,
    recommendation: rec
      ? {
          value: rec.value as Recommendation,
          label: RECOMMENDATION_LABELS[rec.value as Recommendation],
          rationale: rec.rationale ?? '',
          byName: userName(rec.by),
          at: rec.at,
        }
      : null,
    consensusRev: ctx.interview.consensusRev ?? 0,
    missingForSignOff: ctx.phase === 'consensus' ? missingForSignOff(ctx) : [],
    audit,
  };
}
export type Board = Awaited<ReturnType<typeof buildBoard>>;

/** The JSON summary: the board under the same rule, with ids instead of names where useful. */
export function summaryJson(ctx: PanelContext, board: Board) {
  return {
    id: String(ctx.interview._id),
    position: { id: String(ctx.position._id), title: ctx.position.title },
    candidate: ctx.candidate ? { id: String(ctx.candidate._id), name: ctx.candidate.name } : null,
    scheduledAt: ctx.interview.scheduledAt,
    location: ctx.interview.location,
    status: ctx.interview.status,
    phase: board.phase,
    revealed: board.revealed,
    guide: { id: String(ctx.interview.guide), version: ctx.interview.guideVersion },
    scale: board.scale.points.map((p) => ({ value: p.value, label: p.label })),
    panel: board.panel.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      submitted: p.submitted,
      signedOff: p.signedOff,
      progress: ctx.guide.sections.map((s) => ({
        section: s.id,
        rated: !!p.progress[s.id]?.rated,
        noted: !!p.progress[s.id]?.noted,
      })),
    })),
    competencies: board.sections.map((s) => ({
      section: s.id,
      competency: s.competencyId,
      name: s.name,
      weight: s.weight,
      ...(s.mine ? { mine: s.mine } : {}),
      ...(board.revealed
        ? {
            ratings: s.ratings.map((r) => ({
              panelist: r.panelist,
              value: r.value,
              submittedValue: r.submittedValue,
              note: r.note,
            })),
            stats: s.stats
              ? {
                  n: s.stats.n,
                  mean: s.stats.mean,
                  median: s.stats.median,
                  min: s.stats.min,
                  max: s.stats.max,
                  spread: s.stats.spread,
                  disagreement: s.stats.disagreement,
                }
              : null,
            consensus: s.consensus ? { value: s.consensus.value, rationale: s.consensus.rationale } : null,
          }
        : {}),
    })),
    ...(board.revealed
      ? {
          recommendation: board.recommendation
            ? { value: board.recommendation.value, rationale: board.recommendation.rationale }
            : null,
          audit: board.audit.map((a) => ({
            kind: a.kind,
            at: a.at,
            by: a.byName,
            panelist: a.panelistName,
            competency: a.competency,
            from: a.from,
            to: a.to,
            why: a.why,
          })),
        }
      : {}),
  };
}
