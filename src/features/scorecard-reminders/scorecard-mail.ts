/** The mail to a panelist whose independent ratings are overdue (timed reminder or the chair's nudge). */
import type { MailMessage } from '../../lib/mailer.js';

export function overdueRatingsMail(m: {
  to: string;
  name: string;
  candidate: string;
  position: string;
  when: string;
  link: string;
  /** The chair who asked, for a nudge; absent for a timed reminder. */
  nudgedBy?: string;
}): MailMessage {
  return {
    to: m.to,
    subject: `Reminder: your ratings for ${m.candidate} (${m.position}) are awaited`,
    text: [
      `Hello ${m.name},`,
      '',
      m.nudgedBy
        ? `${m.nudgedBy}, who chairs the panel, asks you to submit your ratings for the interview with ${m.candidate} for ${m.position} (${m.when}).`
        : `The interview with ${m.candidate} for ${m.position} took place on ${m.when}, and your ratings have not been submitted yet.`,
      "The panel sees everyone's ratings and agrees a consensus only once every panelist has submitted.",
      '',
      `Rate and submit here: ${m.link}`,
      '',
      'Rate each competency from your own notes, before any discussion with the panel.',
    ].join('\n'),
  };
}
