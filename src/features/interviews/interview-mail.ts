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
