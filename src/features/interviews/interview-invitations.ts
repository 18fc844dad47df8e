/**
 * The panel's scheduling mails with their calendar invitations: each recipient reads the time in
 * their own zone, and every mail about one interview carries the same calendar UID so calendars
 * keep one event (created, moved, cancelled).
 */
import type { Types } from 'mongoose';
import { formatTime, zoneFor } from '../../lib/format-time.js';
import { User } from '../users/user.model.js';
import { PANEL_ROLE_LABELS, type PanelRole } from './interview.model.js';
import { calendarPart, type InterviewEvent } from './interview-calendar.js';
import { candidateInterviewMail, cancelledMail, invitationMail, rescheduledMail } from './interview-mail.js';
import type { MailContext } from './interviews.service.js';

export interface Person {
  _id?: Types.ObjectId;
  name: string;
  email: string;
  timeZone?: string | null;
}

export interface InvitationSubject {
  id: string;
  sequence: number;
  scheduledAt: Date;
  location: string;
  candidate: string;
  position: string;
  organizer: Person;
  panel: { user: Person; role: PanelRole }[];
  /** The candidate, when they were emailed the invitation (an attendee who gets updates too). */
  guest?: Person | null;
}

/** Who the invitation is from: the manager who scheduled the interview (the actor if gone). */
export async function organizerOf(createdBy: Types.ObjectId | undefined, actor: { _id: Types.ObjectId }) {
  const found =
    (createdBy && (await User.findById(createdBy, 'name email').lean())) ??
    (await User.findById(actor._id, 'name email').lean());
  return { name: found?.name ?? 'Hiring team', email: found?.email ?? 'no-reply@localhost' };
}

/** The candidate as a calendar guest, when they were emailed the invitation. */
export const guestOf = (i: {
  candidateInvited?: boolean | null;
  candidate?: { name: string; email: string } | null;
}) => (i.candidateInvited && i.candidate ? { name: i.candidate.name, email: i.candidate.email } : null);

export const interviewLink = (mail: MailContext, id: string) => `${mail.baseUrl}/interviews/${id}`;

/** The event; the candidate's copy (`forGuest`) leaves out the panel's link to the app. */
export function calendarEvent(s: InvitationSubject, mail: MailContext, forGuest = false): InterviewEvent {
  const link = interviewLink(mail, s.id);
  return {
    interviewId: s.id,
    host: new URL(mail.baseUrl).hostname || 'localhost',
    sequence: s.sequence,
    start: s.scheduledAt,
    summary: `Interview: ${s.candidate} for ${s.position}`,
    description: forGuest
      ? `Interview for ${s.position}. Questions: ${s.organizer.name} <${s.organizer.email}>.`
      : `Interview panel for ${s.candidate}, a candidate for ${s.position}.\nThe interview, with its guide: ${link}`,
    location: s.location,
    url: forGuest ? undefined : link,
    organizer: { name: s.organizer.name, email: s.organizer.email },
    attendees: [
      ...s.panel.map((p) => ({ name: p.user.name, email: p.user.email, chair: p.role === 'chair' })),
      ...(s.guest ? [{ name: s.guest.name, email: s.guest.email }] : []),
    ],
  };
}

/** The invitation (METHOD:REQUEST) to each of `to` (default: the whole panel and the guest). */
export async function sendInvitations(s: InvitationSubject, mail: MailContext, to = s.panel) {
  const icalEvent = calendarPart('REQUEST', calendarEvent(s, mail));
  if (s.guest && to === s.panel)
    await mail.mailer.queue({
      ...candidateMail('scheduled', s, s.scheduledAt),
      icalEvent: guestPart('REQUEST', s, mail),
    });
  for (const p of to)
    await mail.mailer.queue({
      ...invitationMail({
        to: p.user.email,
        name: p.user.name,
        candidate: s.candidate,
        position: s.position,
        when: formatTime(s.scheduledAt, zoneFor(p.user)),
        location: s.location,
        role: PANEL_ROLE_LABELS[p.role],
        link: interviewLink(mail, s.id),
      }),
      icalEvent,
    });
}

/** The update (same UID, higher SEQUENCE) after a reschedule, with the old and the new time. */
export async function sendRescheduled(
  s: InvitationSubject,
  was: Date,
  why: string | undefined,
  mail: MailContext,
) {
  const icalEvent = calendarPart('REQUEST', calendarEvent(s, mail));
  if (s.guest)
    await mail.mailer.queue({ ...candidateMail('moved', s, was), icalEvent: guestPart('REQUEST', s, mail) });
  for (const p of s.panel) {
    const zone = zoneFor(p.user);
    await mail.mailer.queue({
      ...rescheduledMail({
        to: p.user.email,
        name: p.user.name,
        candidate: s.candidate,
        position: s.position,
        was: formatTime(was, zone),
        when: formatTime(s.scheduledAt, zone),
        location: s.location,
        why,
        link: interviewLink(mail, s.id),
      }),
      icalEvent,
    });
  }
}

/** The cancellation (METHOD:CANCEL) to each of `to` (default: the whole panel and the guest). */
export async function sendCancellations(s: InvitationSubject, mail: MailContext, to = s.panel) {
  const icalEvent = calendarPart('CANCEL', calendarEvent(s, mail));
  if (s.guest && to === s.panel)
    await mail.mailer.queue({
      ...candidateMail('cancelled', s, s.scheduledAt),
      icalEvent: guestPart('CANCEL', s, mail),
    });
  for (const p of to)
    await mail.mailer.queue({
      ...cancelledMail({
        to: p.user.email,
        name: p.user.name,
        candidate: s.candidate,
        position: s.position,
        when: formatTime(s.scheduledAt, zoneFor(p.user)),
      }),
      icalEvent,
    });
}

/** The candidate's mail: no guide and no panel link, the time in the organisation's zone. */
function candidateMail(kind: 'scheduled' | 'moved' | 'cancelled', s: InvitationSubject, was: Date) {
  const zone = zoneFor(s.guest);
  return candidateInterviewMail({
    kind,
    to: s.guest!.email,
    name: s.guest!.name,
    position: s.position,
    when: formatTime(s.scheduledAt, zone),
    was: formatTime(was, zone),
    location: s.location,
    contact: s.organizer,
  });
}

const guestPart = (method: 'REQUEST' | 'CANCEL', s: InvitationSubject, mail: MailContext) =>
  calendarPart(method, calendarEvent(s, mail, true));
