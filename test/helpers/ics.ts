/**
 * The calendar invitation of a received mail, parsed back with ical.js (an independent RFC 5545
 * parser): the text/calendar MIME part is found, its transfer encoding undone, then parsed.
 */
import ICAL from 'ical.js';
import type { ReceivedMail } from './smtp.js';

/** Every MIME part of the message whose Content-Type is text/calendar, decoded. */
function calendarParts(raw: string): string[] {
  const parts: string[] = [];
  // Each part: headers, a blank line, a body up to the next boundary line ("--...").
  const re =
    /Content-Type: text\/calendar[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*((?:\r?\n[^\r\n]+)*)\r?\n\r?\n([\s\S]*?)(?=\r?\n--)/gi;
  for (const m of raw.matchAll(re)) {
    const headers = m[0].slice(0, m[0].length - m[2].length);
    const body = m[2];
    const encoding = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase() ?? '7bit';
    if (encoding === 'base64') parts.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (encoding === 'quoted-printable')
      parts.push(
        Buffer.from(
          body
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
      );
    else parts.push(body);
  }
  return parts;
}

export interface ParsedInvitation {
  method: string;
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** DTSTART as written, to check it is UTC ("...Z") or has a TZID. */
  startRaw: string;
  summary: string;
  description: string;
  location: string;
  url: string;
  status: string;
  organizer: string;
  attendees: string[];
}

/** The mail's invitation; throws when it has none, or when the parts disagree. */
export function invitationOf(mail: ReceivedMail): ParsedInvitation {
  const parts = calendarParts(mail.raw);
  if (!parts.length) throw new Error(`no text/calendar part in "${mail.subject}"`);
  const cal = new ICAL.Component(ICAL.parse(parts[0]));
  const vevent = cal.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT in the invitation');
  const event = new ICAL.Event(vevent);
  const mailto = (v: unknown) =>
    String(v)
      .replace(/^mailto:/i, '')
      .toLowerCase();
  const dtstart = vevent.getFirstProperty('dtstart')!;
  return {
    method: String(cal.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    startRaw: dtstart.toICALString(),
    summary: event.summary,
    description: event.description,
    location: event.location,
    url: String(vevent.getFirstPropertyValue('url') ?? ''),
    status: String(vevent.getFirstPropertyValue('status') ?? ''),
    organizer: mailto(event.organizer),
    attendees: event.attendees.map((a) => mailto(a.getFirstValue())).sort(),
  };
}
