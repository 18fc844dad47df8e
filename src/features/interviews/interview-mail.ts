/** The panel's emails: the invitation with the interview's link, and the cancellation. */
import type { MailMessage } from '../../lib/mailer.js';

export function invitationMail(m: {
  to: string;
  name: string;
  candidate: string;
  position: string;
  when: string;
  location: string;
  role: string;
  link: string;
}): MailMessage {
  return {
    to: m.to,
    subject: `Interview panel: ${m.candidate} for ${m.position}, ${m.when}`,
    text: [
      `Hello ${m.name},`,
      '',
      `You are on the interview panel for ${m.candidate}, a candidate for ${m.position}.`,
      '',
      `When: ${m.when}`,
      `Where: ${m.location}`,
      `Your role: ${m.role}`,
      '',
      `The interview, with its guide: ${m.link}`,
      '',
      'Rate each competency independently, before any discussion with the panel.',
    ].join('\n'),
  };
}

export function cancelledMail(m: {
  to: string;
  name: string;
  candidate: string;
  position: string;
  when: string;
}): MailMessage {
  return {
    to: m.to,
    subject: `Interview cancelled: ${m.candidate} for ${m.position}, ${m.when}`,
    text: [
      `Hello ${m.name},`,
      '',
      `The interview with ${m.candidate} for ${m.position} on ${m.when} is cancelled.`,
    ].join('\n'),
  };
}

/** To the whole panel (old and new) when the manager changes it. */
export function panelChangedMail(m: {
  to: string;
  name: string;
  candidate: string;
  position: string;
  when: string;
  change: string;
  why: string;
}): MailMessage {
  return {
    to: m.to,
    subject: `Interview panel changed: ${m.candidate} for ${m.position}, ${m.when}`,
    text: [
      `Hello ${m.name},`,
      '',
      `The panel of the interview with ${m.candidate} for ${m.position} on ${m.when} changed:`,
      m.change,
      '',
      `Reason given: ${m.why}`,
    ].join('\n'),
  };
}

/** To the panel when the interview moves (before anyone has started scoring). */
export function rescheduledMail(m: {
  to: string;
  name: string;
  candidate: string;
  position: string;
  was: string;
  when: string;
  location: string;
  why?: string;
  link: string;
}): MailMessage {
  return {
    to: m.to,
    subject: `Interview moved: ${m.candidate} for ${m.position}, now ${m.when}`,
    text: [
      `Hello ${m.name},`,
      '',
      `The interview with ${m.candidate} for ${m.position} has moved.`,
      '',
      `Was: ${m.was}`,
      `Now: ${m.when}`,
      `Where: ${m.location}`,
      ...(m.why ? ['', `Reason given: ${m.why}`] : []),
      '',
      `The interview, with its guide: ${m.link}`,
      '',
      'The calendar invitation attached replaces the earlier one.',
    ].join('\n'),
  };
}

/** To the candidate, when the manager chose to email them: scheduled, moved or cancelled. */
export function candidateInterviewMail(m: {
  kind: 'scheduled' | 'moved' | 'cancelled';
  to: string;
  name: string;
  position: string;
  when: string;
  was: string;
  location: string;
  contact: { name: string; email: string };
}): MailMessage {
  const subject = {
    scheduled: `Your interview for ${m.position}: ${m.when}`,
    moved: `Your interview for ${m.position} has moved: now ${m.when}`,
    cancelled: `Your interview for ${m.position} on ${m.when} is cancelled`,
  }[m.kind];
  const lead = {
    scheduled: [
      `You are invited to an interview for ${m.position}.`,
      '',
      `When: ${m.when}`,
      `Where: ${m.location}`,
    ],
    moved: [
      `Your interview for ${m.position} has moved.`,
      '',
      `Was: ${m.was}`,
      `Now: ${m.when}`,
      `Where: ${m.location}`,
    ],
    cancelled: [`Your interview for ${m.position} on ${m.when} is cancelled.`],
  }[m.kind];
  return {
    to: m.to,
    subject,
    text: [
      `Hello ${m.name},`,
      '',
      ...lead,
      '',
      m.kind === 'cancelled'
        ? 'The calendar entry attached removes it from your calendar.'
        : 'A calendar invitation is attached.',
      `Questions: ${m.contact.name} <${m.contact.email}>`,
    ].join('\n'),
  };
}
