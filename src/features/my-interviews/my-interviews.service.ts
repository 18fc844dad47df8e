/**
 * A panelist's own interviews, sorted into what each needs from them: upcoming (ahead, nothing
 * to do yet), to score (started or past its time, their ratings not submitted), waiting for
 * others (submitted, the panel not yet revealed), at consensus (revealed, consensus or the
 * recommendation still missing), to sign off (everything recorded, their sign-off missing),
 * complete, and cancelled. An interview whose time has passed is "to score" whatever its status,
 * so a panelist can always reach an interview in progress.
 */
import type { Types } from 'mongoose';
import { Interview, PANEL_ROLE_LABELS, type PanelRole } from '../interviews/interview.model.js';
import { frozenGuide } from '../interviews/panel-context.js';
import { formatTime, organisationTimeZone } from '../../lib/format-time.js';

export const MY_INTERVIEW_GROUPS = [
  { key: 'to-score', label: 'To score', hint: 'Rate each competency and submit your independent ratings.' },
  { key: 'to-sign-off', label: 'To sign off', hint: 'The consensus is recorded: read it and sign off.' },
  {
    key: 'at-consensus',
    label: 'At consensus',
    hint: 'Everyone has submitted: the panel agrees a consensus.',
  },
  {
    key: 'waiting',
    label: 'Waiting for others',
    hint: 'You have submitted; the ratings are revealed when everyone has.',
  },
  { key: 'upcoming', label: 'Upcoming', hint: 'Scheduled and still ahead.' },
  { key: 'complete', label: 'Complete', hint: 'Signed off by the whole panel.' },
  { key: 'cancelled', label: 'Cancelled', hint: '' },
] as const;
export type MyInterviewGroup = (typeof MY_INTERVIEW_GROUPS)[number]['key'];

export interface MyInterview {
  id: string;
  group: MyInterviewGroup;
  when: string;
  scheduledAt: Date;
  candidate: string;
  position: string;
  role: string;
  isChair: boolean;
  location: string;
  /** The page that does what the group asks: scoring, or the panel board. */
  action: { href: string; label: string };
}

interface PanelSeat {
  user: Types.ObjectId;
  role: PanelRole;
  submittedAt?: Date | null;
  signedOffAt?: Date | null;
}

interface Row {
  _id: Types.ObjectId;
  status: string;
  scheduledAt: Date;
  startedAt?: Date | null;
  revealedAt?: Date | null;
  location: string;
  guide: Types.ObjectId;
  guideVersion: number;
  panel: PanelSeat[];
  consensus: { section: string }[];
  recommendation?: { value?: string | null } | null;
  candidate: { name: string } | null;
  position: { title: string } | null;
}

async function groupOf(i: Row, seat: PanelSeat, now: Date): Promise<MyInterviewGroup> {
  if (i.status === 'cancelled') return 'cancelled';
  if (i.status === 'complete') return 'complete';
  if (i.revealedAt) {
    const guide = await frozenGuide(String(i.guide), i.guideVersion);
    const have = new Set(i.consensus.map((c) => c.section));
    const recorded = guide.sections.every((s) => have.has(s.id)) && Boolean(i.recommendation?.value);
    if (!recorded) return 'at-consensus';
    return seat.signedOffAt ? 'at-consensus' : 'to-sign-off';
  }
  if (seat.submittedAt) return 'waiting';
  return i.startedAt || i.scheduledAt <= now ? 'to-score' : 'upcoming';
}

function actionFor(id: string, group: MyInterviewGroup, candidate: string) {
  const who = candidate ? ` (${candidate})` : '';
  if (group === 'to-score') return { href: `/interviews/${id}/score`, label: `Score${who}` };
  if (group === 'upcoming') return { href: `/interviews/${id}/score`, label: `Open the scoring page${who}` };
  if (group === 'to-sign-off') return { href: `/interviews/${id}/board`, label: `Sign off${who}` };
  return { href: `/interviews/${id}/board`, label: `Open the panel board${who}` };
}

/** Every interview the user sits on, newest activity first within each group. */
export async function myInterviews(
  userId: Types.ObjectId,
  now = new Date(),
  limit = 300,
  zone = organisationTimeZone(),
) {
  const rows = (await Interview.find(
    { 'panel.user': userId },
    'status scheduledAt startedAt revealedAt location guide guideVersion panel consensus recommendation candidate position',
  )
    .sort({ scheduledAt: -1 })
    .limit(limit)
    .populate('candidate', 'name')
    .populate('position', 'title')
    .lean()) as unknown as Row[];
  const items: MyInterview[] = [];
  for (const i of rows) {
    const seat = i.panel.find((p) => String(p.user) === String(userId));
    if (!seat) continue;
    const group = await groupOf(i, seat, now);
    const id = String(i._id);
    const candidate = i.candidate?.name ?? '';
    items.push({
      id,
      group,
      when: formatTime(i.scheduledAt, zone),
      scheduledAt: i.scheduledAt,
      candidate,
      position: i.position?.title ?? '',
      role: PANEL_ROLE_LABELS[seat.role],
      isChair: seat.role === 'chair',
      location: i.location,
      action: actionFor(id, group, candidate),
    });
  }
  // Upcoming soonest first; the rest most recent first (the query's order).
  const upcoming = items.filter((i) => i.group === 'upcoming').reverse();
  return MY_INTERVIEW_GROUPS.map((g) => ({
    ...g,
    items: g.key === 'upcoming' ? upcoming : items.filter((i) => i.group === g.key),
  }));
}
