/** The emails of reference checks: the request (and its resend), reminders, the nomination link. */
import type { MailMessage } from '../../lib/mailer.js';
import { RELATIONSHIP_LABELS, type Relationship } from './reference.model.js';

export const referenceLink = (baseUrl: string, token: string) => `${baseUrl}/r/${token}`;
export const nominationLink = (baseUrl: string, token: string) => `${baseUrl}/n/${token}`;

const day = (d: Date) => d.toISOString().slice(0, 10);

interface RequestFacts {
  to: string;
  name: string;
  candidate: string;
  position: string;
  relationship: string;
  link: string;
  expiresAt: Date;
  sender: string;
  /** The hiring organisation (ORG_NAME). */
  org: string;
  /** Who added the referee: the candidate (nomination link) or the hiring team. */
  source: 'candidate' | 'manager';
}

const relationshipText = (r: string) =>
  (RELATIONSHIP_LABELS[r as Relationship] ?? r).toLowerCase().replace('other', 'a contact');

/** Only a candidate who named the referee is said to have done so; otherwise the hiring team asks. */
function whoAsks(m: RequestFacts): string {
  const as = relationshipText(m.relationship);
  return m.source === 'candidate'
    ? `${m.candidate}, a candidate for the ${m.position} role at ${m.org}, named you as a reference (${as}).`
    : `The hiring team at ${m.org} for the ${m.position} role has asked you for a reference about ${m.candidate}, a candidate for the role. The hiring team added you as a reference (${as}).`;
}

function requestBody(m: RequestFacts): string[] {
  return [
    `Hello ${m.name},`,
    '',
    whoAsks(m),
    'We would value your view: a short questionnaire asks about your work together and how the candidate',
    'compares with others in a similar role. You can save your answers and come back through the same link.',
    '',
    `Your personal link (please do not forward it; it works until ${day(m.expiresAt)}):`,
    m.link,
    '',
    'If you would rather not give a reference, the same page lets you decline.',
    '',
    `Sent by ${m.sender} for the hiring team at ${m.org}.`,
  ];
}

export function requestMail(m: RequestFacts): MailMessage {
  return {
    to: m.to,
    subject: `Reference request: ${m.candidate} for ${m.position}`,
    text: requestBody(m).join('\n'),
  };
}

export function resendMail(m: RequestFacts): MailMessage {
  const [hello, blank, ...rest] = requestBody(m);
  return {
    to: m.to,
    subject: `Reference request (new link): ${m.candidate} for ${m.position}`,
    text: [
      hello,
      blank,
      'Here is a new link for the reference request we sent you; the earlier link no longer works.',
      'Anything you already saved is kept.',
      '',
      ...rest,
    ].join('\n'),
  };
}

export function reminderMail(m: {
  to: string;
  name: string;
  candidate: string;
  position: string;
  org: string;
  /** The request's link, or undefined when it could not be read back (then the mail points to it). */
  link?: string;
  sentAt: Date;
  expiresAt: Date;
}): MailMessage {
  return {
    to: m.to,
    subject: `Reminder: reference for ${m.candidate} (${m.position})`,
    text: [
      `Hello ${m.name},`,
      '',
      `A reminder of the request of ${day(m.sentAt)} from the hiring team at ${m.org} for a reference about ${m.candidate}, a candidate for ${m.position}.`,
      m.link
        ? `Your personal link works until ${day(m.expiresAt)}:`
        : `Please use the link in that email; it works until ${day(m.expiresAt)}.`,
      ...(m.link ? [m.link] : []),
      '',
      'If you would rather not give a reference, the same page lets you decline, and we will not remind you again.',
    ].join('\n'),
  };
}

export function nominationMail(m: {
  to: string;
  candidate: string;
  position: string;
  wanted: number;
  link: string;
  expiresAt: Date;
  sender: string;
  org: string;
}): MailMessage {
  const people = m.wanted === 1 ? 'one person' : `${m.wanted} people`;
  return {
    to: m.to,
    subject: `Your references for ${m.position}`,
    text: [
      `Hello ${m.candidate},`,
      '',
      `Thank you for your application for ${m.position} at ${m.org}. As a next step, please name ${people} who can speak`,
      'about your work (for example a supervisor, a peer, someone who reported to you, or a client).',
      'We will send each of them a short questionnaire. Their answers go to the hiring team only: you will not see them.',
      '',
      `Name your references here (the link works until ${day(m.expiresAt)}):`,
      m.link,
      '',
      `Sent by ${m.sender} for the hiring team at ${m.org}.`,
    ].join('\n'),
  };
}
