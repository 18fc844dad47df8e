/**
 * Fraud signals for a candidate's references, computed in one aggregation pipeline and shown to
 * the manager beside each reference. They never block anything: each is a reason to look closer.
 *   - the reference's email is the candidate's own;
 *   - two or more references of the candidate submitted from one IP address;
 *   - a supervisor (as added, or as the reference corrected it) writing from a free-mail domain;
 *   - a submission within QUICK_SUBMISSION_MINUTES of sending;
 *   - the reference corrected their name, relationship or organization.
 */
import type { Types } from 'mongoose';
import { RELATIONSHIP_LABELS, Reference, type Relationship } from './reference.model.js';

export const QUICK_SUBMISSION_MINUTES = 10;

/** Free-mail providers; `name.*` stands for every top-level domain of that provider (yahoo.co.uk ...). */
export const FREE_MAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'yahoo.*',
  'ymail.com',
  'outlook.com',
  'hotmail.*',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.*',
  'mail.com',
  'yandex.*',
  'zoho.com',
  'tutanota.com',
  'fastmail.com',
  'hey.com',
  'web.de',
  'mail.ru',
  'qq.com',
  '163.com',
];

/** One regular expression for the pipeline (and for isFreeMailDomain). */
export const FREE_MAIL_PATTERN = `^(${FREE_MAIL_DOMAINS.map((d) =>
  d.endsWith('.*')
    ? `${d.slice(0, -2).replace(/\./g, '\\.')}\\.[a-z]{2,}(\\.[a-z]{2,})?`
    : d.replace(/\./g, '\\.'),
).join('|')})$`;

export const isFreeMailDomain = (domain: string) => new RegExp(FREE_MAIL_PATTERN, 'i').test(domain);

export type SignalKind =
  'candidate-email' | 'shared-ip' | 'free-mail-supervisor' | 'quick-submission' | 'identity-corrected';

export interface Signal {
  kind: SignalKind;
  message: string;
}

export interface SignalRow {
  _id: Types.ObjectId;
  name: string;
  candidateEmail: boolean;
  sharedIpWith: string[];
  freeMailSupervisor: boolean;
  domain?: string;
  minutesToSubmit: number | null;
  corrections: { field: 'name' | 'relationship' | 'organization'; from: string | null; to: string }[];
}

const isSubmitted = {
  $and: [{ $eq: ['$status', 'submitted'] }, { $ne: [{ $ifNull: ['$submission.ip', null] }, null] }],
};
const present = (path: string) => ({ $ne: [{ $ifNull: [path, null] }, null] });

/** The candidate's references, each with its peers on one address, the domain and the flags. */
function pipeline(candidateId: Types.ObjectId) {
  return [{ $match: { candidate: candidateId } }, ...signalStages()];
}

/** The signal stages after the match on the candidate (also run inside the report's `$facet`). */
export function signalStages() {
  return [
    { $lookup: { from: 'candidates', localField: 'candidate', foreignField: '_id', as: 'c' } },
    {
      $set: {
        candidateEmail: { $eq: [{ $toLower: '$email' }, { $toLower: { $arrayElemAt: ['$c.email', 0] } }] },
        domain: { $toLower: { $arrayElemAt: [{ $split: ['$email', '@'] }, 1] } },
        relationshipNow: { $ifNull: ['$identity.relationship', '$relationship'] },
        // Only submissions share an address; every other reference is a group of its own.
        ipKey: { $cond: [isSubmitted, '$submission.ip', { $concat: ['ref:', { $toString: '$_id' }] }] },
      },
    },
    { $group: { _id: '$ipKey', refs: { $push: '$$ROOT' } } },
    { $set: { peers: '$refs' } },
    { $unwind: '$refs' },
    {
      $replaceRoot: {
        newRoot: {
          $mergeObjects: [
            '$refs',
            {
              sharedIpWith: {
                $map: {
                  input: { $filter: { input: '$peers', cond: { $ne: ['$$this._id', '$refs._id'] } } },
                  in: '$$this.name',
                },
              },
            },
          ],
        },
      },
    },
    {
      $project: {
        name: 1,
        candidateEmail: 1,
        domain: 1,
        sharedIpWith: 1,
        freeMailSupervisor: {
          $and: [
            { $eq: ['$relationshipNow', 'supervisor'] },
            { $regexMatch: { input: { $ifNull: ['$domain', ''] }, regex: FREE_MAIL_PATTERN, options: 'i' } },
          ],
        },
        minutesToSubmit: {
          $cond: [
            { $and: [{ $eq: ['$status', 'submitted'] }, present('$submittedAt'), present('$sentAt')] },
            { $divide: [{ $subtract: ['$submittedAt', '$sentAt'] }, 60_000] },
            null,
          ],
        },
        corrections: {
          $cond: [
            { $eq: ['$identity.corrected', true] },
            {
              $filter: {
                input: [
                  { field: 'name', from: '$name', to: { $ifNull: ['$identity.name', null] } },
                  {
                    field: 'relationship',
                    from: '$relationship',
                    to: { $ifNull: ['$identity.relationship', null] },
                  },
                  {
                    field: 'organization',
                    from: { $ifNull: ['$organization', null] },
                    to: { $ifNull: ['$identity.organization', null] },
                  },
                ],
                cond: { $and: [{ $ne: ['$$this.to', null] }, { $ne: ['$$this.to', '$$this.from'] }] },
              },
            },
            [],
          ],
        },
      },
    },
  ];
}

const label = (field: string, v: string | null) =>
  v === null || v === ''
    ? '(none)'
    : field === 'relationship'
      ? (RELATIONSHIP_LABELS[v as Relationship] ?? v)
      : `“${v}”`;

function describe(row: SignalRow, quickMinutes: number): Signal[] {
  const out: Signal[] = [];
  if (row.candidateEmail)
    out.push({ kind: 'candidate-email', message: 'The reference’s email address is the candidate’s own.' });
  if (row.sharedIpWith.length)
    out.push({
      kind: 'shared-ip',
      message: `Submitted from the same network address as ${row.sharedIpWith.join(', ')}.`,
    });
  if (row.freeMailSupervisor)
    out.push({
      kind: 'free-mail-supervisor',
      message: `A supervisor writing from a free-mail address (${row.domain}).`,
    });
  if (row.minutesToSubmit !== null && row.minutesToSubmit < quickMinutes)
    out.push({
      kind: 'quick-submission',
      message: `Submitted ${Math.max(0, Math.round(row.minutesToSubmit))} minutes after the request was sent (under ${quickMinutes}).`,
    });
  if (row.corrections.length)
    out.push({
      kind: 'identity-corrected',
      message: `The reference corrected ${row.corrections
        .map((c) => `their ${c.field} from ${label(c.field, c.from)} to ${label(c.field, c.to)}`)
        .join('; ')}.`,
    });
  return out;
}

/** The signals of each reference of the candidate, by reference id (references without any are absent). */
export async function fraudSignals(
  candidateId: Types.ObjectId,
  quickMinutes = QUICK_SUBMISSION_MINUTES,
): Promise<Map<string, Signal[]>> {
  return signalsOf(await Reference.aggregate<SignalRow>(pipeline(candidateId)), quickMinutes);
}

/** The signal rows as flags per reference id (only references with a flag). */
export function signalsOf(rows: SignalRow[], quickMinutes = QUICK_SUBMISSION_MINUTES): Map<string, Signal[]> {
  const out = new Map<string, Signal[]>();
  for (const row of rows) {
    const signals = describe(row, quickMinutes);
    if (signals.length) out.set(String(row._id), signals);
  }
  return out;
}
