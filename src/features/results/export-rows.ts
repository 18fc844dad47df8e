/**
 * The rows of a position's ratings export, in one pipeline: every submitted rating of the
 * revealed interviews, then (through $unionWith) the consensus ratings and the recommendation of
 * the complete ones, sorted by candidate, interview and kind. Unrevealed interviews never enter.
 */
import type { Types } from 'mongoose';
import { Rating } from '../scoring/rating.model.js';
import { revealedRatingStages } from './pipeline-parts.js';

export type ExportKind = 'rating' | 'consensus' | 'recommendation';

export interface ExportRow {
  kind: ExportKind;
  interview: Types.ObjectId;
  candidateName: string;
  scheduledAt: Date;
  panelistName?: string;
  competencyName?: string;
  submitted?: number | null;
  final?: number | null;
  note?: string;
  consensus?: number;
  rationale?: string;
  recommendation?: string | null;
}

const firstOf = (field: string, missing: string) => ({
  $ifNull: [{ $arrayElemAt: [field, 0] }, missing],
});

/** `competencyOrder`: the position's competencies in their order (rows follow it). */
export async function exportRows(
  positionId: Types.ObjectId,
  competencyOrder: Types.ObjectId[],
): Promise<ExportRow[]> {
  const completeInterviewRows = [
    { $match: { position: positionId, status: 'complete' } },
    {
      $project: {
        candidate: 1,
        scheduledAt: 1,
        rows: {
          $concatArrays: [
            {
              $map: {
                input: { $ifNull: ['$consensus', []] },
                in: {
                  kind: 'consensus',
                  kindOrder: 1,
                  competency: '$$this.competency',
                  consensus: '$$this.value',
                  rationale: '$$this.rationale',
                },
              },
            },
            {
              $cond: [
                { $eq: [{ $ifNull: ['$recommendation.value', null] }, null] },
                [],
                [
                  {
                    kind: 'recommendation',
                    kindOrder: 2,
                    recommendation: '$recommendation.value',
                    rationale: { $ifNull: ['$recommendation.rationale', ''] },
                  },
                ],
              ],
            },
          ],
        },
      },
    },
    { $unwind: '$rows' },
    {
      $replaceWith: {
        $mergeObjects: [{ interview: '$_id', candidate: '$candidate', scheduledAt: '$scheduledAt' }, '$rows'],
      },
    },
  ];
  return Rating.aggregate<ExportRow>([
    ...revealedRatingStages({ position: positionId }),
    { $lookup: { from: 'users', localField: 'panelist', foreignField: '_id', as: 'u' } },
    {
      $project: {
        _id: 0,
        kind: { $literal: 'rating' },
        kindOrder: { $literal: 0 },
        interview: 1,
        candidate: 1,
        scheduledAt: '$iv.scheduledAt',
        panelistName: firstOf('$u.name', '(removed user)'),
        competency: 1,
        submitted: '$submittedValue',
        final: '$value',
        note: 1,
      },
    },
    { $unionWith: { coll: 'interviews', pipeline: completeInterviewRows } },
    { $lookup: { from: 'candidates', localField: 'candidate', foreignField: '_id', as: 'c' } },
    { $lookup: { from: 'competencies', localField: 'competency', foreignField: '_id', as: 'k' } },
    {
      $set: {
        candidateName: firstOf('$c.name', '(removed candidate)'),
        competencyName: {
          $cond: [{ $ifNull: ['$competency', false] }, firstOf('$k.name', '(removed)'), null],
        },
        order: { $indexOfArray: [{ $literal: competencyOrder }, '$competency'] },
      },
    },
    {
      $sort: {
        candidateName: 1,
        candidate: 1,
        scheduledAt: 1,
        interview: 1,
        kindOrder: 1,
        panelistName: 1,
        order: 1,
      },
    },
    { $project: { c: 0, k: 0, candidate: 0, competency: 0, kindOrder: 0, order: 0 } },
  ]);
}
