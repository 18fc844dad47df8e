/**
 * Everything about one candidate on their page: each interview (phase, panel progress, consensus
 * per competency and the recommendation once revealed), the weighted total and rank from the
 * results, and the reference checks (statuses, and reference ratings beside the panel's consensus
 * where the position's confidentiality setting lets the managers see them).
 */
import { phaseOf, RECOMMENDATION_LABELS, type Recommendation } from '../interviews/interview.model.js';
import { formatTime, organisationTimeZone } from '../../lib/format-time.js';
import { frozenGuide } from '../interviews/panel-context.js';
import type { PositionDoc } from '../positions/position.model.js';
import type { CandidateRecords, InterviewRow } from '../references/candidate-records.js';
import { referenceReport } from '../references/reference-report.js';
import { candidateStanding } from '../results/results.service.js';
import type { CandidateDoc } from './candidate.model.js';

const PHASE_LABELS: Record<string, string> = {
  scheduled: 'Scheduled',
  scoring: 'Scoring',
  consensus: 'At consensus',
  complete: 'Complete',
  cancelled: 'Cancelled',
};

function interviewsOf(list: InterviewRow[], zone: string) {
  return Promise.all(
    list.map(async (i) => {
      const phase = phaseOf(i);
      const guide = await frozenGuide(String(i.guide), i.guideVersion);
      const points = new Map(guide.ratingScale.points.map((p) => [Number(p.value), p.label]));
      const revealed = Boolean(i.revealedAt);
      const rec = i.recommendation?.value as Recommendation | undefined;
      return {
        id: String(i._id),
        when: formatTime(i.scheduledAt, zone),
        phase,
        phaseLabel: PHASE_LABELS[phase] ?? phase,
        submitted: i.panel.filter((p) => p.submittedAt).length,
        panelSize: i.panel.length,
        // Before the reveal nobody, managers included, sees ratings: only progress.
        consensus: revealed
          ? guide.sections.map((s) => {
              const c = i.consensus.find((x) => x.section === s.id);
              return {
                competency: s.competencyName,
                value: c?.value ?? null,
                label: c ? (points.get(c.value) ?? String(c.value)) : null,
              };
            })
          : null,
        recommendation: revealed && rec ? RECOMMENDATION_LABELS[rec] : null,
      };
    }),
  );
}

/** The page's profile from the candidate's records (candidate-records.ts: one read for all of them). */
export async function candidateProfile(
  position: PositionDoc,
  candidate: CandidateDoc,
  records: CandidateRecords,
  zone = organisationTimeZone(),
) {
  const [interviews, standing, references] = await Promise.all([
    interviewsOf(records.interviews, zone),
    candidateStanding(position, candidate._id),
    referenceReport(position, candidate, records),
  ]);
  const counts = new Map<string, number>();
  for (const r of references.references.filter((x) => !x.replacedBy))
    counts.set(r.statusLabel, (counts.get(r.statusLabel) ?? 0) + 1);
  return {
    interviews,
    standing,
    references: {
      total: references.references.filter((x) => !x.replacedBy).length,
      byStatus: [...counts].map(([label, n]) => ({ label, n })),
      submitted: references.submitted,
      aggregatesVisible: references.aggregatesVisible,
      competencies: references.aggregatesVisible ? (references.competencies ?? []) : [],
    },
  };
}
export type CandidateProfile = Awaited<ReturnType<typeof candidateProfile>>;
