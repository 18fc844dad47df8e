/**
 * The position's manager changes a panel while an interview is under way: replaces a panelist who
 * has not submitted (or, on a panel of 3 or 4, removes them), or cancels the interview before it is
 * complete. Each change goes to the audit trail (PanelChange) and to the panel by mail.
 *
 * The leaving panelist's unsubmitted ratings are kept as they are (never deleted: the trail can
 * show what existed) but are excluded from everything: they were never submitted, every view of
 * other panelists' ratings and every aggregation reads submitted ratings of the panel only, and the
 * leaver, off the panel, can no longer save or submit. A panelist who has submitted cannot be
 * replaced: their independent ratings stand. The independence rule is unchanged: the reveal still
 * waits until every member of the panel, as it now is, has submitted.
 */
import { Types } from 'mongoose';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { panelEvents } from '../../live/event-bus.js';
import type { Actor } from '../positions/positions.service.js';
import { User } from '../users/user.model.js';
import { Interview, MIN_PANEL, phaseOf } from './interview.model.js';
import { panelChangedMail } from './interview-mail.js';
import { calendarPart } from './interview-calendar.js';
import {
  calendarEvent,
  guestOf,
  organizerOf,
  sendCancellations,
  sendInvitations,
} from './interview-invitations.js';
import { formatTime, zoneFor } from '../../lib/format-time.js';
import type { PanelChangeInput } from './interviews.schemas.js';
import { findInterview, type MailContext } from './interviews.service.js';
import { PanelChange } from './panel-change.model.js';

const OPEN: ('scheduled' | 'in-progress')[] = ['scheduled', 'in-progress'];

export async function changePanel(
  positionId: string,
  interviewId: string,
  actor: Actor,
  input: PanelChangeInput,
  mail: MailContext,
) {
  const { position, interview } = await findInterview(positionId, interviewId, actor);
  const phase = phaseOf(interview);
  if (phase !== 'scheduled' && phase !== 'scoring')
    throw new ConflictError('The panel can change only before everyone has submitted.');
  const seat = interview.panel.find((p) => String(p.user?._id) === input.panelist);
  if (!seat)
    throw new ValidationError('That person is not on this panel.', { panelist: 'Not on this panel.' });
  if (seat.submittedAt)
    throw new ConflictError('This panelist has submitted; their ratings stand and they stay on the panel.');

  const leaving = new Types.ObjectId(input.panelist);
  let replacement: { _id: Types.ObjectId; name: string; email: string } | null = null;
  if (input.replacement) {
    replacement = await User.findOne(
      { _id: input.replacement, status: 'active', roles: 'panelist' },
      'name email',
    ).lean();
    if (!replacement)
      throw new ValidationError('Choose an active panelist.', { replacement: 'Choose an active panelist.' });
    if (interview.panel.some((p) => String(p.user?._id) === input.replacement))
      throw new ValidationError('That person is already on the panel.', {
        replacement: 'Already on the panel.',
      });
  } else if (seat.role === 'chair') {
    throw new ValidationError('The chair can be replaced, not removed.', {
      replacement: 'Choose who chairs.',
    });
  } else if (interview.panel.length <= MIN_PANEL) {
    throw new ValidationError(`A panel needs at least ${MIN_PANEL} panelists: choose a replacement.`, {
      replacement: 'Choose a replacement.',
    });
  }

  // One atomic update, conditional on the seat still being unsubmitted and the panel unrevealed:
  // a submit racing this change wins or loses cleanly, other seats are left as they are.
  const still = {
    _id: interview._id,
    status: { $in: OPEN },
    revealedAt: null,
    panel: { $elemMatch: { user: leaving, submittedAt: null } },
  };
  // The seat is addressed by its index, which the filter pins to the leaving user.
  const at = interview.panel.indexOf(seat);
  // The leaver's open streams check again before their next event (access-fences.ts).
  const updated = await panelEvents.changingAccess([input.panelist], () =>
    replacement
      ? Interview.updateOne(
          { ...still, [`panel.${at}.user`]: leaving, [`panel.${at}.submittedAt`]: null },
          { $set: { [`panel.${at}.user`]: replacement._id } },
        )
      : Interview.updateOne(
          { ...still, [`panel.${MIN_PANEL}`]: { $exists: true } },
          { $pull: { panel: { user: leaving } } },
        ),
  );
  if (updated.modifiedCount !== 1)
    throw new ConflictError(
      'The panel changed meanwhile (a submit or another change). Reload and try again.',
    );

  await PanelChange.create({
    interview: interview._id,
    kind: replacement ? 'replaced' : 'removed',
    panelist: leaving,
    replacement: replacement?._id,
    phase,
    why: input.why,
    by: actor._id,
  });
  const id = String(interview._id);
  await panelEvents.publish(id, 'panel-changed', {
    left: input.panelist,
    joined: replacement ? String(replacement._id) : null,
  });

  // Removing the last unsubmitted panelist leaves a panel that has all submitted: reveal now.
  const reveal = await Interview.updateOne(
    { _id: interview._id, revealedAt: null, panel: { $not: { $elemMatch: { submittedAt: null } } } },
    { $set: { revealedAt: new Date() } },
  );
  if (reveal.modifiedCount === 1) await panelEvents.publish(id, 'revealed', {});

  const leaver = seat.user;
  const candidate = interview.candidate?.name ?? 'the candidate';
  const change = replacement
    ? `${leaver.name} left the panel; ${replacement.name} takes their place.`
    : `${leaver.name} left the panel.`;
  // Calendars follow the panel: the leaver's event is cancelled, the others get an update listing
  // the new panel (same UID, next SEQUENCE) and the newcomer the invitation.
  const bumped = await Interview.findOneAndUpdate(
    { _id: interview._id },
    { $inc: { calendarSequence: 1 } },
    { returnDocument: 'after', projection: { calendarSequence: 1 } },
  );
  const stay = interview.panel.filter((p) => p !== seat);
  const joining = replacement ? { user: replacement, role: seat.role } : null;
  const subject = {
    id,
    sequence: bumped?.calendarSequence ?? 0,
    scheduledAt: interview.scheduledAt,
    location: interview.location,
    candidate,
    position: position.title,
    organizer: await organizerOf(interview.createdBy, actor),
    panel: joining ? [...stay, joining] : stay,
    guest: guestOf(interview),
  };
  const update = calendarPart('REQUEST', calendarEvent(subject, mail));
  const cancel = calendarPart('CANCEL', calendarEvent({ ...subject, panel: [seat], guest: null }, mail));
  const recipients = [
    ...interview.panel.map((p) => ({ person: p.user, icalEvent: p === seat ? cancel : update })),
    ...(replacement ? [{ person: replacement, icalEvent: undefined }] : []),
  ];
  for (const { person, icalEvent } of recipients)
    await mail.mailer.queue({
      ...panelChangedMail({
        to: person.email,
        name: person.name,
        candidate,
        position: position.title,
        when: formatTime(interview.scheduledAt, zoneFor(person)),
        change,
        why: input.why,
      }),
      ...(icalEvent ? { icalEvent } : {}),
    });
  if (joining) await sendInvitations(subject, mail, [joining]);
  return { replaced: !!replacement, revealed: reveal.modifiedCount === 1 };
}

/** Cancels an interview that is not complete (scheduled, in scoring or in consensus). */
export async function cancelInterview(
  positionId: string,
  interviewId: string,
  actor: Actor,
  why: string | undefined,
  mail: MailContext,
) {
  const { position, interview } = await findInterview(positionId, interviewId, actor);
  const phase = phaseOf(interview);
  const updated = await Interview.findOneAndUpdate(
    { _id: interview._id, status: { $in: OPEN } },
    {
      $set: { status: 'cancelled', cancelledAt: new Date(), cancelledBy: actor._id },
      $inc: { calendarSequence: 1 },
    },
    { returnDocument: 'after' },
  );
  if (!updated) throw new ConflictError('Only an interview that is not complete can be cancelled.');
  await PanelChange.create({
    interview: interview._id,
    kind: 'cancelled',
    phase,
    why: why ?? 'No reason given.',
    by: actor._id,
  });
  await panelEvents.publish(String(interview._id), 'cancelled');
  await sendCancellations(
    {
      id: String(interview._id),
      sequence: updated.calendarSequence ?? 1,
      scheduledAt: interview.scheduledAt,
      location: interview.location,
      candidate: interview.candidate?.name ?? 'the candidate',
      position: position.title,
      organizer: await organizerOf(interview.createdBy, actor),
      panel: interview.panel.filter((p) => p.user),
      guest: guestOf(interview),
    },
    mail,
  );
  return updated;
}

/** The interview's panel changes, oldest first, with names. */
export function panelChanges(interview: Types.ObjectId) {
  return PanelChange.find({ interview })
    .sort({ at: 1, _id: 1 })
    .populate('panelist', 'name')
    .populate('replacement', 'name')
    .populate('by', 'name')
    .lean();
}
