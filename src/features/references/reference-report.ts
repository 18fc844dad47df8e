/**
 * The manager's view of a candidate's references: each reference's status, answers and signals,
 * and per competency the references' ratings beside the interview panels' consensus, under the
 * position's confidentiality setting:
 *   - `individual`: every submitted reference's answers, decline reasons and the aggregates;
 *   - `aggregate`: no individual answers or decline reasons, and the aggregates only once at least
 *     `minResponses` references have submitted.
 * Ratings map the options to 1..5 in their order, "Not observed" excluded (counted apart).
 */
import { competencyColumns } from '../results/results.service.js';
import type { PositionDoc } from '../positions/position.model.js';
import type { CandidateDoc } from '../candidates/candidate.model.js';
import type { Signal } from './fraud-signals.js';
import type { CandidateRecords, ReferenceRow } from './candidate-records.js';
import { RELATIONSHIP_LABELS, REFERENCE_STATUS_LABELS } from './reference.model.js';
import { RESENDABLE } from './references.service.js';

function answersOf(r: ReferenceRow) {
  const byId = new Map((r.answers ?? []).map((a) => [a.question, a]));
  return (r.questionnaire?.questions ?? []).map((q) => ({
    id: q.id,
    part: q.part,
    competencyName: q.competencyName ?? undefined,
    text: q.text,
    rated: !!q.rated,
    rating: byId.get(q.id)?.rating ?? undefined,
    comment: byId.get(q.id)?.comment ?? '',
  }));
}

/** The report from the candidate's records (candidate-records.ts: one read for the whole page). */
export async function referenceReport(
  position: PositionDoc,
  candidate: CandidateDoc,
  read: CandidateRecords,
) {
  // The competencies' names: one lookup per request, shared with the results on the candidate's page.
  const columns = await competencyColumns(position);
  const { references: refs, signals, nominations } = read;
  const { confidentiality, review } = read.template;
  const view = { competencies: columns.map((c) => ({ competencyId: c.id, name: c.name })) };
  const submitted = refs.filter((r) => r.status === 'submitted' && !r.replacedBy).length;
  const individualVisible = confidentiality.mode === 'individual';
  const aggregatesVisible = individualVisible || submitted >= confidentiality.minResponses;
  const byName = new Map(refs.map((r) => [String(r._id), r.name]));

  const references = refs.map((r) => ({
    id: String(r._id),
    name: r.name,
    email: r.email,
    phone: r.phone ?? undefined,
    relationship: r.relationship,
    relationshipLabel: RELATIONSHIP_LABELS[r.relationship],
    organization: r.organization ?? undefined,
    source: r.source,
    addedByName: r.addedByName ?? undefined,
    status: r.status,
    statusLabel: REFERENCE_STATUS_LABELS[r.status],
    sentAt: r.sentAt ?? undefined,
    openedAt: r.openedAt ?? undefined,
    lastSavedAt: r.lastSavedAt ?? undefined,
    submittedAt: r.submittedAt ?? undefined,
    declinedAt: r.declinedAt ?? undefined,
    declineReason: individualVisible ? (r.declineReason ?? undefined) : undefined,
    expiresAt: r.tokenExpiresAt ?? undefined,
    expiredAt: r.expiredAt ?? undefined,
    failedAt: r.failedAt ?? undefined,
    remindersSent: r.remindersSent ?? 0,
    replacedBy: r.replacedBy
      ? { id: String(r.replacedBy), name: byName.get(String(r.replacedBy)) }
      : undefined,
    replaces: r.replaces ? { id: String(r.replaces), name: byName.get(String(r.replaces)) } : undefined,
    identity: r.identity?.confirmedAt
      ? {
          name: r.identity.name ?? undefined,
          relationship: r.identity.relationship ?? undefined,
          relationshipLabel: r.identity.relationship
            ? RELATIONSHIP_LABELS[r.identity.relationship]
            : undefined,
          organization: r.identity.organization ?? undefined,
          corrected: !!r.identity.corrected,
          confirmedAt: r.identity.confirmedAt,
        }
      : undefined,
    signals: signals.get(String(r._id)) ?? ([] as Signal[]),
    answers: individualVisible && r.status === 'submitted' ? answersOf(r) : undefined,
    actions: {
      send: !r.replacedBy && r.status === 'not-sent',
      resend: !r.replacedBy && RESENDABLE.includes(r.status),
      replace: !r.replacedBy && r.status !== 'submitted',
    },
  }));

  let competencies = null;
  if (aggregatesVisible) {
    const rows = read.comparison;
    const byId = new Map(rows.map((row) => [String(row._id), row]));
    const listed = new Set(view.competencies.map((c) => c.competencyId));
    const row = (id: string, name: string) => {
      const r = byId.get(id);
      return {
        competencyId: id,
        name,
        references: {
          ratings: r?.ratings ?? 0,
          references: r?.references ?? 0,
          notObserved: r?.notObserved ?? 0,
          mean: r?.mean ?? null,
        },
        consensus: { count: r?.consensusCount ?? 0, mean: r?.consensus ?? null },
      };
    };
    // The position's competencies in its order, then any others that were rated (removed since).
    competencies = [
      ...view.competencies.map((c) => row(c.competencyId, c.name)),
      ...rows
        .filter((r) => !listed.has(String(r._id)))
        .map((r) => row(String(r._id), r.name ?? '(competency no longer in the position)')),
    ];
  }

  return {
    position: { id: String(position._id), title: position.title },
    candidate: { id: String(candidate._id), name: candidate.name, email: candidate.email },
    confidentiality,
    /** Who reviewed the questionnaire and when, or null while it needs a review. */
    review,
    submitted,
    individualVisible,
    aggregatesVisible,
    references,
    competencies,
    nominations: nominations.map((n) => ({
      id: String(n._id),
      status: n.status,
      wanted: n.wanted,
      sentAt: n.createdAt as Date | undefined,
      expiresAt: n.expiresAt,
      usedAt: n.usedAt ?? undefined,
    })),
  };
}
export type ReferenceReport = Awaited<ReturnType<typeof referenceReport>>;
