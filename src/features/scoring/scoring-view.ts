/** What the scoring page shows: the guide's sections with their scale options and this panelist's ratings. */
import { STATUS_LABELS } from '../interviews/interview.model.js';
import type { PanelContext } from '../interviews/panel-context.js';
import { formatTime, organisationTimeZone } from '../../lib/format-time.js';
import { weightText } from '../positions/position-view.js';
import { NOTE_MAX } from './rating.model.js';
import { lockedReason, type myRatings } from './scoring.service.js';

type Ratings = Awaited<ReturnType<typeof myRatings>>;
/** What the form shows per section: the typed values after a refused post, else the stored ones. */
export type TypedValues = Record<string, { value: string; note: string }>;

export type ScoringMode = 'form' | 'readonly' | 'cancelled';

export function scoringView(
  ctx: PanelContext,
  ratings: Ratings,
  typed?: TypedValues,
  zone = organisationTimeZone(),
): Record<string, unknown> {
  const { interview, guide } = ctx;
  const id = String(interview._id);
  const mode: ScoringMode = ctx.phase === 'cancelled' ? 'cancelled' : lockedReason(ctx) ? 'readonly' : 'form';
  const points = guide.ratingScale.points;
  const sections = guide.sections.map((s, i) => {
    const anchors = s.questions[0]?.ratingGuide ?? [];
    const r = ratings.get(s.id);
    const stored = { value: r?.value != null ? String(r.value) : '', note: r?.note ?? '' };
    const shown = typed?.[s.id] ?? stored;
    const labelOf = (v: number | null | undefined) => {
      const p = points.find((x) => x.value === v);
      return p ? `${p.value} ${p.label}` : null;
    };
    return {
      id: s.id,
      number: i + 1,
      competencyName: s.competencyName,
      level: s.level,
      definition: s.definition,
      weight: weightText(s),
      minutes: s.minutes,
      questions: s.questions,
      options: points.map((p) => ({
        value: String(p.value),
        label: p.label,
        anchor: anchors.find((a) => a.value === p.value)?.description || p.description || '',
      })),
      // A radio left unchosen means "leave the rating as it is".
      value: shown.value || stored.value,
      note: shown.note,
      rev: r?.rev ?? 0,
      savedAt: r?.updatedAt ? new Date(r.updatedAt) : null,
      storedValue: stored.value,
      storedNote: stored.note,
      storedLabel: labelOf(r?.value),
      submittedLabel: labelOf(r?.submittedValue),
    };
  });
  return {
    title: `Score: ${ctx.candidate?.name ?? 'candidate'}`,
    interviewId: id,
    candidateName: ctx.candidate?.name ?? 'the candidate',
    positionTitle: ctx.position.title,
    when: formatTime(interview.scheduledAt, zone),
    location: interview.location,
    status: STATUS_LABELS[interview.status as keyof typeof STATUS_LABELS] ?? interview.status,
    scaleName: guide.ratingScale.name,
    me: ctx.me,
    submittedAt: ctx.me?.submittedAt ? formatTime(ctx.me.submittedAt, zone) : null,
    mode,
    lockedReason: lockedReason(ctx),
    sections,
    noteMax: NOTE_MAX,
    boardUrl: `/interviews/${id}/board`,
    liveSrc: `/interviews/${id}/panel-status`,
    liveEvents: `/interviews/${id}/events`,
    savedText: (d: Date | null) => (d ? `Last saved ${formatTime(d, zone)}.` : 'Not saved yet.'),
    fields: {},
    error: null,
  };
}
