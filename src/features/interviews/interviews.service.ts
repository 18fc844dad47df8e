/** Interviews: scheduling (on the latest published guide version), reading, cancelling, upcoming lists. */
import { LIST_BATCH } from '../../lib/list-batch.js';
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Mailer } from '../../lib/mailer.js';
import { Candidate } from '../candidates/candidate.model.js';
import { changeStage, listCandidates, positionFor } from '../candidates/candidates.service.js';
import { addVersionPanelists, getFrozenVersion } from '../guides/guide-versions.service.js';
import { findGuideSummary } from '../guides/guides.service.js';
import { Position } from '../positions/position.model.js';
import { canAccess, type Actor } from '../positions/positions.service.js';
import { User } from '../users/user.model.js';
import { Interview, type InterviewDoc } from './interview.model.js';
import type { ScheduleInput } from './interviews.schemas.js';
import { organizerOf, sendInvitations } from './interview-invitations.js';
import { formatTime, zoneFor } from '../../lib/format-time.js';

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);
/** Stages from which a candidate can still be interviewed. */
const OPEN_STAGES = ['applied', 'interview', 'interviewed', 'references'];
export const NO_PUBLISHED_GUIDE =
  'This position has no published interview guide: build the guide and publish it before scheduling interviews.';

export interface MailContext {
  mailer: Mailer;
  baseUrl: string;
}

/** Active users holding the panelist role (managers who also hold it may sit). */
export function panelistChoices() {
  return User.find({ status: 'active', roles: 'panelist' }, 'name email')
    .sort({ name: 1, email: 1 })
    .batchSize(LIST_BATCH)
    .lean();
}

/** The latest published version of the position's guide, or null. */
async function publishedGuide(positionId: Types.ObjectId) {
  const guide = await findGuideSummary(positionId);
  if (!guide || !guide.latestVersion) return null;
  const snapshot = await getFrozenVersion(guide.id, guide.latestVersion);
  return { id: guide.id, version: guide.latestVersion, snapshot };
}

/**
 * What the schedule page needs: the position, its interviews, the choices for the form. The
 * interviews' candidates come from the position's candidate list read for the form, and the guide
 * is shown by its version number only, so neither is read a second time.
 */
export async function schedulePage(positionId: string, user: Actor) {
  const { position, candidates } = await listCandidates(positionId, user);
  const [found, panelists, summary] = await Promise.all([
    Interview.find({ position: position._id }).sort({ scheduledAt: 1 }).populate('panel.user', 'name').lean(),
    panelistChoices(),
    findGuideSummary(position._id),
  ]);
  const names = new Map(candidates.map((c) => [String(c._id), { _id: c._id, name: c.name }]));
  const interviews = found.map((i) => ({ ...i, candidate: names.get(String(i.candidate)) ?? null }));
  return {
    position,
    interviews,
    candidates: candidates.filter((c) => OPEN_STAGES.includes(c.stage)),
    panelists,
    guide: summary?.latestVersion ? { id: summary.id, version: summary.latestVersion } : null,
  };
}

export async function scheduleInterview(
  positionId: string,
  input: Omit<ScheduleInput, 'inviteCandidate'> & { inviteCandidate?: boolean },
  user: Actor,
  mail: MailContext,
): Promise<InterviewDoc> {
  const position = await positionFor(positionId, user);
  const guide = await publishedGuide(position._id);
  if (!guide) throw new ValidationError(NO_PUBLISHED_GUIDE);
  const candidate = await Candidate.findOne({ _id: input.candidate, position: position._id });
  if (!candidate)
    throw new ValidationError('Choose a candidate of this position.', {
      candidate: 'Choose a candidate of this position.',
    });
  if (!OPEN_STAGES.includes(candidate.stage))
    throw new ValidationError('This candidate is no longer in the running.', {
      candidate: 'Choose a candidate who has not withdrawn, been declined or hired.',
    });
  const ids = input.panel.map((p) => new Types.ObjectId(p.user));
  const users = await User.find(
    { _id: { $in: ids }, status: 'active', roles: 'panelist' },
    'name email timeZone',
  ).lean();
  if (users.length !== ids.length)
    throw new ValidationError('Every panelist must be an active user with the panelist role.', {
      panel: 'Every panelist must be an active user with the panelist role.',
    });

  const interview = await Interview.create({
    position: position._id,
    candidate: candidate._id,
    guide: new Types.ObjectId(guide.id),
    guideVersion: guide.version,
    panel: input.panel.map((p) => ({ user: new Types.ObjectId(p.user), role: p.role })),
    scheduledAt: input.scheduledAt,
    location: input.location,
    candidateInvited: !!input.inviteCandidate,
    createdBy: user._id,
  });
  await addVersionPanelists(guide.id, guide.version, ids);
  if (candidate.stage === 'applied') {
    try {
      await changeStage(
        positionId,
        String(candidate._id),
        {
          stage: 'interview',
          note: `Interview scheduled for ${formatTime(input.scheduledAt, zoneFor(user))}.`,
        },
        user,
      );
    } catch (e) {
      // Someone moved the candidate meanwhile: their stage stands.
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  const byId = new Map(users.map((u) => [String(u._id), u]));
  await sendInvitations(
    {
      id: interview.id,
      sequence: 0,
      scheduledAt: input.scheduledAt,
      location: input.location,
      candidate: candidate.name,
      position: position.title,
      organizer: await organizerOf(user._id, user),
      panel: input.panel.map((p) => ({ user: byId.get(p.user.toLowerCase())!, role: p.role })),
      guest: input.inviteCandidate ? { name: candidate.name, email: candidate.email } : null,
    },
    mail,
  );
  return interview;
}

export async function loadInterview(interviewId: string) {
  const _id = oid(interviewId);
  const interview = _id
    ? await Interview.findById(_id)
        .populate<{ candidate: { _id: Types.ObjectId; name: string; email: string; stage: string } }>(
          'candidate',
          'name email stage',
        )
        .populate<{
          panel: {
            user: { _id: Types.ObjectId; name: string; email: string; timeZone?: string | null };
            role: 'chair' | 'member';
            submittedAt?: Date | null;
            signedOffAt?: Date | null;
          }[];
        }>('panel.user', 'name email timeZone')
        .lean()
    : null;
  if (!interview) throw new NotFoundError('There is no such interview.');
  return interview;
}

/** An interview for its position's managers (owner, sharers, admins) under that position's URL. */
export async function findInterview(positionId: string, interviewId: string, user: Actor) {
  const position = await positionFor(positionId, user);
  const interview = await loadInterview(interviewId);
  if (String(interview.position) !== String(position._id))
    throw new NotFoundError('There is no such interview.');
  return { position, interview };
}

/** The read-only summary: panel members of this interview and the position's managers; others 403. */
export async function interviewSummary(interviewId: string, user: Actor) {
  const interview = await loadInterview(interviewId);
  const position = await Position.findById(interview.position).lean();
  if (!position) throw new NotFoundError('The position of this interview no longer exists.');
  const onPanel = interview.panel.some((p) => String(p.user?._id) === String(user._id));
  const manager = canAccess(position, user);
  if (!onPanel && !manager) throw new ForbiddenError('You can see the interviews you sit on.');
  return { interview, position, manager, onPanel };
}
