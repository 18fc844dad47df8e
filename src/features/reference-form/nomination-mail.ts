/** The note to a position's owner that a candidate has named their references. */
import type { MailMessage } from '../../lib/mailer.js';
import { relationshipLabel } from './reference-answers.js';
import type { NominatedReference } from './nomination.schemas.js';

export function nominationMail(m: {
  to: string;
  ownerName: string;
  candidate: string;
  position: string;
  references: NominatedReference[];
  link: string;
}): MailMessage {
  const n = m.references.length;
  const count = `${n} reference${n === 1 ? '' : 's'}`;
  return {
    to: m.to,
    subject: `${m.candidate} nominated ${count} for ${m.position}`,
    text: [
      `Hello ${m.ownerName},`,
      '',
      `${m.candidate}, a candidate for ${m.position}, has nominated ${count}:`,
      '',
      ...m.references.map(
        (r) =>
          `- ${r.name} (${relationshipLabel(r.relationship)}${r.organization ? `, ${r.organization}` : ''})`,
      ),
      '',
      'They have not been contacted yet. Review them and send the questionnaire from the candidate’s page:',
      m.link,
    ].join('\n'),
  };
}
