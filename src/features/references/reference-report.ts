/**
 * The manager's view of a candidate's references: each reference's status, answers and signals,
 * and per competency the references' ratings beside the interview panels' consensus, under the
 * position's confidentiality setting:
 *   - `individual`: every submitted reference's answers, decline reasons and the aggregates;
 *   - `aggregate`: no individual answers or decline reasons, and the aggregates only once at least
 *     `minResponses` references have submitted.
 * Ratings map the options to 1..5 in their order, "Not observed" excluded (counted apart).
 */
import type { PipelineStage, Types } from 'mongoose';
import { REFERENCE_RATING_OPTIONS } from '../generators/index.js';
import { competencyColumns } from '../results/results.service.js';
import type { PositionDoc } from '../positions/position.model.js';
import type { CandidateDoc } from '../candidates/candidate.model.js';
import { signalsOf, signalStages, type Signal, type SignalRow } from './fraud-signals.js';
import { listNominations } from './nominations.service.js';
import { templateSettingsOf } from './reference-template.service.js';
import { Reference, RELATIONSHIP_LABELS, REFERENCE_STATUS_LABELS } from './reference.model.js';
import { listReferences, RESENDABLE } from './references.service.js';

export const NOT_OBSERVED = REFERENCE_RATING_OPTIONS[REFERENCE_RATING_OPTIONS.length - 1];

/** Two decimals, half up, as an expression ($round rounds half to even, and differs in the embedded engine). */
const round2 = (expr: string) => ({
  $let: {
    vars: { v: expr },
    in: {
      $cond: [
        { $eq: ['$$v', null] },
        null,
        { $divide: [{ $floor: { $add: [{ $multiply: ['$$v', 100] }, 0.5] } }, 100] },
      ],
    },
  },
});

interface ComparisonRow {
  _id: Types.ObjectId;
  name: string | null;
  ratings: number;
  references: number;
  notObserved: number;
  mean: number | null;
  consensus: number | null;
  consensusCount: number;
}

/**
 * Per competency: the submitted references' ratings (count, references, not observed, mean) and
 * the consensus ratings of the candidate's complete interviews (count, mean): the stages after the
 * match on the candidate, run inside the report's `$facet`.
 */
function comparisonStages(candidateId: Types.ObjectId): PipelineStage.FacetPipelineStage[] {
  return [
    { $match: { status: 'submitted', replacedBy: { $exists: false } } },
    {
      $project: {
        answers: 1,
        questions: '$questionnaire.questions',
        scored: {
          $filter: { input: '$questionnaire.ratingOptions', cond: { $ne: ['$$this', NOT_OBSERVED] } },
        },
      },
    },
    { $unwind: '$answers' },
    {
      $set: {
        q: {
          $arrayElemAt: [
            { $filter: { input: '$questions', cond: { $eq: ['$$this.id', '$answers.question'] } } },
            0,
          ],
        },
      },
    },
    { $match: { 'q.rated': true, 'q.competency': { $ne: null } } },
    {
      $project: {
        _id: 0,
        kind: 'reference',
        competency: '$q.competency',
        name: '$q.competencyName',
        reference: '$_id',
        notObserved: { $cond: [{ $eq: ['$answers.rating', NOT_OBSERVED] }, 1, 0] },
        // 1..5 by the option's place among the scored options; not observed or unanswered: none.
        score: {
          $let: {
            vars: { i: { $indexOfArray: ['$scored', '$answers.rating'] } },
            in: { $cond: [{ $gte: ['$$i', 0] }, { $add: ['$$i', 1] }, null] },
          },
        },
      },
    },
    {
      $unionWith: {
        coll: 'interviews',
        pipeline: [
          { $match: { candidate: candidateId, status: 'complete' } },
          { $unwind: '$consensus' },
          {
            $project: {
              _id: 0,
              kind: 'consensus',
              competency: '$consensus.competency',
              consensus: '$consensus.value',
            },
          },
        ],
      },
    },
    {
      $group: {
        _id: '$competency',
        name: { $max: '$name' },
        ratings: { $sum: { $cond: [{ $ne: [{ $ifNull: ['$score', null] }, null] }, 1, 0] } },
        raters: {
          $addToSet: { $cond: [{ $ne: [{ $ifNull: ['$score', null] }, null] }, '$reference', null] },
        },
        notObserved: { $sum: { $ifNull: ['$notObserved', 0] } },
        mean: { $avg: '$score' },
        consensus: { $avg: '$consensus' },
        consensusCount: { $sum: { $cond: [{ $eq: ['$kind', 'consensus'] }, 1, 0] } },
      },
    },
    {
      $project: {
        name: 1,
        ratings: 1,
        notObserved: 1,
        consensusCount: 1,
        references: { $size: { $setDifference: ['$raters', [null]] } },
        mean: round2('$mean'),
        consensus: round2('$consensus'),
      },
    },
  ];
}

type ReferenceRow = Awaited<ReturnType<typeof listReferences>>[number];

/**
 * The candidate's references in order, their fraud signals and the comparison with the panel's
 * consensus, in one command (`$facet` over the candidate's references).
 */
async function candidateReferences(candidateId: Types.ObjectId) {
  const [out] = await Reference.aggregate<{
    refs: ReferenceRow[];
    signals: SignalRow[];
    comparison: ComparisonRow[];
  }>([
    { $match: { candidate: candidateId } },
    {
      $facet: {
        refs: [{ $sort: { createdAt: 1, _id: 1 } }],
        signals: signalStages() as PipelineStage.FacetPipelineStage[],
        comparison: comparisonStages(candidateId),
      },
    },
  ]);
  return {
    refs: out?.refs ?? [],
    signals: signalsOf(out?.signals ?? []),
    comparison: out?.comparison ?? [],
  };
}

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

export async function referenceReport(position: PositionDoc, candidate: CandidateDoc) {
  // One read of the template gives the confidentiality and the review; the competencies' names
  // come from one lookup (not the position page's whole view, with its scales and sharers).
  const [template, read, nominations, columns] = await Promise.all([
    templateSettingsOf(position._id),
    candidateReferences(candidate._id),
    listNominations(candidate._id),
    competencyColumns(position),
  ]);
  const { refs, signals } = read;
  const { confidentiality, review } = template;
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
