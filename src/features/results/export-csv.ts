/** The ratings export as CSV lines: a header, then one line per exported row. */
import { RECOMMENDATION_LABELS, type Recommendation } from '../interviews/interview.model.js';
import type { ExportRow } from './export-rows.js';

export const CSV_HEADER = [
  'Record',
  'Candidate',
  'Interview date (UTC)',
  'Panelist',
  'Competency',
  'Submitted rating',
  'Final rating',
  'Note',
  'Consensus rating',
  'Rationale',
  'Recommendation',
] as const;

const date = (d: Date | null | undefined) =>
  d ? new Date(d).toISOString().slice(0, 16).replace('T', ' ') : '';

export function ratingsCsvRows(rows: ExportRow[]): unknown[][] {
  return [
    [...CSV_HEADER],
    ...rows.map((r) => [
      r.kind,
      r.candidateName,
      date(r.scheduledAt),
      r.kind === 'rating' ? r.panelistName : '',
      r.kind === 'recommendation' ? '' : r.competencyName,
      r.kind === 'rating' ? r.submitted : null,
      r.kind === 'rating' ? r.final : null,
      r.kind === 'rating' ? r.note : '',
      r.kind === 'consensus' ? r.consensus : null,
      r.kind === 'rating' ? '' : r.rationale,
      r.kind === 'recommendation' && r.recommendation
        ? (RECOMMENDATION_LABELS[r.recommendation as Recommendation] ?? r.recommendation)
        : '',
    ]),
  ];
}
