/**
 * What the candidate's page and the candidate's references page read, in one command (issue 18:
 * round trips per page): the position, the candidate, their references with fraud signals and
 * ratings per competency, the nominations, the reference template's settings and the interviews.
 *
 * Each part is an equality `$lookup` from the position (MongoDB answers these through an index,
 * the embedded engine through an index or one pass over the collection), never `$unionWith` or a
 * pipeline `$lookup`, which would read whole collections. The access rule is checked on what comes
 * back before anything of it is used, with the same answers as findPosition and findCandidate:
 * no position 404, not shared 403, no such candidate in this position 404.
 */
import { Types, type PipelineStage } from 'mongoose';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { Candidate, type CandidateDoc } from '../candidates/candidate.model.js';
import { Interview, type InterviewFields } from '../interviews/interview.model.js';
import { Position, type PositionDoc, type PositionFields } from '../positions/position.model.js';
import { canAccess, type Actor } from '../positions/positions.service.js';
import { signalsOf, signalStages, type Signal, type SignalRow } from './fraud-signals.js';
import { Nomination, type NominationFields } from './nomination.model.js';
import {
  consensusStages,
  mergeComparison,
  referenceRatingStages,
  type ComparisonRow,
  type ConsensusRow,
  type ReferenceRatingRow,
} from './reference-comparison.js';
import { templateSettings, type TemplateSettingsSource } from './reference-template.service.js';
import { ReferenceTemplate } from './reference-template.model.js';
import { Reference, type ReferenceFields } from './reference.model.js';

type Row<T> = T & { _id: Types.ObjectId; createdAt?: Date };
export type ReferenceRow = Row<ReferenceFields>;
export type InterviewRow = Row<InterviewFields>;
export type NominationRow = Omit<Row<NominationFields>, 'tokenHash'>;

/** The candidate's records, each list in the order the pages show it. */
export interface CandidateRecords {
  /** Oldest first. */
  references: ReferenceRow[];
  /** Flags per reference id (only references with a flag). */
  signals: Map<string, Signal[]>;
  comparison: ComparisonRow[];
  /** Newest first. */
  nominations: NominationRow[];
  /** By scheduled time. */
  interviews: InterviewRow[];
  template: ReturnType<typeof templateSettings>;
}

interface Joined extends PositionFields {
  _id: Types.ObjectId;
  _candidates: Row<Record<string, unknown>>[];
  _references: ReferenceRow[];
  _nominations: NominationRow[];
  _interviews: InterviewRow[];
  _template: TemplateSettingsSource[];
}

interface Read {
  joined: Joined[];
  /** Absent without `details`. */
  signals?: SignalRow[];
  /** The submitted references' answers and questions (absent without `details`). */
  answered?: Pick<ReferenceRow, '_id' | 'answers' | 'questionnaire'>[];
  ratings: ReferenceRatingRow[];
  consensus: ConsensusRow[];
}

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

const join = (from: string, localField: string, foreignField: string, as: string) => ({
  $lookup: { from, localField, foreignField, as },
});

/** Runs `stages` over each element of the joined array `field`, as documents of their own. */
const over = (field: string, stages: PipelineStage.FacetPipelineStage[]) => [
  { $unwind: `$${field}` },
  { $replaceRoot: { newRoot: `$${field}` } },
  ...stages,
];

/**
 * What a page reads beyond the statuses and the comparison: the references page shows each
 * reference's answers (their questionnaire) and fraud signals; the candidate's page shows neither,
 * so it leaves out the signal stages and the largest part of each reference document.
 */
export interface RecordsWanted {
  details: boolean;
}

/**
 * Answers and questionnaires travel only for submitted references (the `answered` facet): the
 * only ones whose answers a page shows, while every sent reference carries its frozen questionnaire
 * (most of its document) and an unfinished one its draft.
 */
const WITHOUT_ANSWERS = { '_references.answers': 0, '_references.questionnaire': 0 };
/** The joined references without what only the references page shows (the candidate's page). */
const WITHOUT_DETAILS = {
  '_references.identity': 0,
  '_references.submission': 0,
};

function pipeline(
  positionId: Types.ObjectId,
  candidateId: Types.ObjectId | null,
  wanted: RecordsWanted,
): PipelineStage[] {
  const joined = {
    _candidate: 0,
    '_nominations.tokenHash': 0,
    ...WITHOUT_ANSWERS,
    ...(wanted.details ? {} : WITHOUT_DETAILS),
  };
  return [
    { $match: { _id: positionId } },
    { $set: { _candidate: { $literal: candidateId } } },
    join(Candidate.collection.collectionName, '_candidate', '_id', '_candidates'),
    join(Reference.collection.collectionName, '_candidate', 'candidate', '_references'),
    join(Nomination.collection.collectionName, '_candidate', 'candidate', '_nominations'),
    join(Interview.collection.collectionName, '_candidate', 'candidate', '_interviews'),
    join(ReferenceTemplate.collection.collectionName, '_id', 'position', '_template'),
    {
      $facet: {
        joined: [{ $project: joined }],
        ...(wanted.details
          ? {
              signals: over('_references', signalStages() as PipelineStage.FacetPipelineStage[]),
              answered: over('_references', [
                { $match: { status: 'submitted' } },
                { $project: { answers: 1, 'questionnaire.questions': 1 } },
              ]),
            }
          : {}),
        ratings: over('_references', referenceRatingStages()),
        consensus: over('_interviews', consensusStages()),
      },
    },
  ];
}

const time = (d: Date | undefined | null) => (d ? d.getTime() : 0);

/**
 * The position and candidate (as documents, for the pages and services that take them) and the
 * candidate's records, when `user` may see the position. Only submitted references carry their
 * answers and questionnaire; without `details`, none does, nor its identity or submission, and
 * `signals` is empty.
 */
export async function candidateRecords(
  positionId: string,
  candidateId: string,
  user: Actor,
  wanted: RecordsWanted = { details: true },
): Promise<{ position: PositionDoc; candidate: CandidateDoc; records: CandidateRecords }> {
  const pid = oid(positionId);
  const [read] = pid ? await Position.aggregate<Read>(pipeline(pid, oid(candidateId), wanted)) : [];
  const joined = read?.joined[0];
  if (!joined) throw new NotFoundError('There is no such position.');
  const { _candidates, _references, _nominations, _interviews, _template, ...positionFields } = joined;
  if (!canAccess(positionFields, user)) throw new ForbiddenError('This position is not shared with you.');
  const found = _candidates[0];
  if (!found || String(found.position) !== String(pid))
    throw new NotFoundError('There is no such candidate for this position.');

  const answered = new Map((read.answered ?? []).map((a) => [String(a._id), a]));
  for (const r of _references) {
    const a = answered.get(String(r._id));
    if (a) Object.assign(r, { answers: a.answers, questionnaire: a.questionnaire });
  }
  const records: CandidateRecords = {
    references: _references.sort(
      (a, b) => time(a.createdAt) - time(b.createdAt) || String(a._id).localeCompare(String(b._id)),
    ),
    signals: signalsOf(read.signals ?? []),
    comparison: mergeComparison(read.ratings, read.consensus),
    nominations: _nominations.sort((a, b) => time(b.createdAt) - time(a.createdAt)),
    interviews: _interviews.sort((a, b) => time(a.scheduledAt) - time(b.scheduledAt)),
    template: templateSettings(_template[0]),
  };
  return {
    position: Position.hydrate(positionFields) as PositionDoc,
    candidate: Candidate.hydrate(found) as CandidateDoc,
    records,
  };
}
