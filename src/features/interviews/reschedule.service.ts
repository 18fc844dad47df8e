/**
 * Moving an interview to another time or place. Only before anyone has saved a rating: once
 * scoring has started the interview has happened, and a new one is scheduled instead. The panel
 * gets the new time in their own zones and a calendar update (same UID, next SEQUENCE).
 */
import { ConflictError } from '../../lib/errors.js';
import type { Actor } from '../positions/positions.service.js';
import { Interview, phaseOf } from './interview.model.js';
import { guestOf, organizerOf, sendRescheduled } from './interview-invitations.js';
import type { RescheduleInput } from './interviews.schemas.js';
import { findInterview, type MailContext } from './interviews.service.js';

export const RESCHEDULE_CLOSED =
  'Only an interview that nobody has started scoring can be moved; schedule a new interview instead.';

export async function rescheduleInterview(
  positionId: string,
  interviewId: string,
  actor: Actor,
  input: RescheduleInput,
  mail: MailContext,
) {
  const { position, interview } = await findInterview(positionId, interviewId, actor);
  if (phaseOf(interview) !== 'scheduled') throw new ConflictError(RESCHEDULE_CLOSED);
  // Conditional on nothing having been saved meanwhile: a first autosave racing this wins cleanly.
  const updated = await Interview.findOneAndUpdate(
    { _id: interview._id, status: 'scheduled', startedAt: null },
    {
      $set: { scheduledAt: input.scheduledAt, location: input.location, rescheduledAt: new Date() },
      $inc: { calendarSequence: 1 },
    },
    { returnDocument: 'after' },
  );
  if (!updated) throw new ConflictError(RESCHEDULE_CLOSED);
  await sendRescheduled(
    {
      id: String(interview._id),
      sequence: updated.calendarSequence ?? 1,
      scheduledAt: input.scheduledAt,
      location: input.location,
      candidate: interview.candidate?.name ?? 'the candidate',
      position: position.title,
      organizer: await organizerOf(interview.createdBy, actor),
      panel: interview.panel.filter((p) => p.user),
      guest: guestOf(interview),
    },
    interview.scheduledAt,
    input.why,
    mail,
  );
  return updated;
}
