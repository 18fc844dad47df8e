/**
 * The iCalendar (RFC 5545) invitation carried by the panel's mails: METHOD:REQUEST when an
 * interview is scheduled or moved, METHOD:CANCEL when it is cancelled. The UID is fixed per
 * interview and SEQUENCE grows with every reschedule, so calendars update the one event they hold
 * instead of adding another.
 *
 * DTSTART/DTEND are written in UTC ("...Z"): every calendar shows them in its owner's own zone,
 * and no VTIMEZONE block is needed (ical-generator would need a zone database for one).
 */
import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MailMessage } from '../../lib/mailer.js';
import { isMeetingLink } from '../../lib/meeting-link.js';

/** Interviews have no length of their own; calendars get one hour, the usual structured interview. */
export const INTERVIEW_MINUTES = 60;

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface InterviewEvent {
  interviewId: string;
  /** The host of BASE_URL, so UIDs are unique across installations. */
  host: string;
  sequence: number;
  start: Date;
  summary: string;
  description: string;
  location: string;
  /** The app's page of the interview (the panel's copies only). */
  url?: string;
  organizer: CalendarPerson;
  attendees: (CalendarPerson & { chair?: boolean })[];
}

export const interviewUid = (interviewId: string, host: string) => `interview-${interviewId}@${host}`;

export function interviewIcs(method: 'REQUEST' | 'CANCEL', e: InterviewEvent): string {
  const cal = ical({
    prodId: { company: 'Competency Interview Toolkit', product: 'interviews', language: 'EN' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  cal.createEvent({
    id: interviewUid(e.interviewId, e.host),
    sequence: e.sequence,
    start: e.start,
    end: new Date(e.start.getTime() + INTERVIEW_MINUTES * 60_000),
    summary: e.summary,
    description: e.description,
    location: e.location,
    // A meeting link doubles as the event's URL, so calendars offer it as a "join" link.
    url: isMeetingLink(e.location) ? e.location : (e.url ?? null),
    organizer: { name: e.organizer.name, email: e.organizer.email },
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    attendees: e.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      role: a.chair ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ,
      rsvp: method === 'REQUEST',
    })),
  });
  return cal.toString();
}

/** The invitation as the mail message's text/calendar part. */
export function calendarPart(method: 'REQUEST' | 'CANCEL', e: InterviewEvent): MailMessage['icalEvent'] {
  return {
    method,
    filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    content: interviewIcs(method, e),
  };
}
