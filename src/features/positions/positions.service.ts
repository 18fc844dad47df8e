/** Positions: who may see them, creating (from scratch or a template), editing, sharing. */
import { Types } from 'mongoose';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { panelEvents } from '../../live/event-bus.js';
import { PositionTemplate } from '../competencies/position-template.model.js';
import { User, hasRole } from '../users/user.model.js';
import { checkCompetencyRows, loadSources } from './position-competencies.js';
import { baselineWeight, type PositionInput } from './positions.schemas.js';
import { Position, type PositionDoc } from './position.model.js';

export interface Actor {
  _id: Types.ObjectId;
  name: string;
  roles?: readonly string[];
}

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

/** Admins see every position; a manager sees the ones they own and the ones shared with them. */
export function canAccess(
  position: { owner: unknown; sharedWith?: unknown[] | null },
  user: Actor | undefined,
): boolean {
  if (!user) return false;
  if (hasRole(user, 'admin')) return true;
  if (!hasRole(user, 'manager')) return false;
  const me = String(user._id);
  return String(position.owner) === me || (position.sharedWith ?? []).some((u) => String(u) === me);
}

/** Only the owner (and admins) share a position. */
export const canShare = (position: { owner: unknown }, user: Actor) =>
  hasRole(user, 'admin') || String(position.owner) === String(user._id);

export async function findPosition(id: string, user: Actor): Promise<PositionDoc> {
  const _id = oid(id);
  const position = _id ? await Position.findById(_id) : null;
  if (!position) throw new NotFoundError('There is no such position.');
  if (!canAccess(position, user)) throw new ForbiddenError('This position is not shared with you.');
  return position;
}

export async function listPositions(user: Actor) {
  const filter = hasRole(user, 'admin') ? {} : { $or: [{ owner: user._id }, { sharedWith: user._id }] };
  return Position.find(filter).sort({ updatedAt: -1 }).populate('owner', 'name').lean();
}

export async function listTemplates() {
  return PositionTemplate.find({}).sort({ title: 1 }).populate('framework', 'name').lean();
}

/** A template as the values of a new position's form; levels default to the template's or the lowest. */
export async function templateValues(templateId: string) {
  const _id = oid(templateId);
  const template = _id ? await PositionTemplate.findById(_id).lean() : null;
  if (!template) throw new NotFoundError('There is no such position template.');
  const sources = await loadSources(template.competencies.map((c) => c.competency));
  return {
    title: template.title,
    classCode: template.classCode ?? '',
    description: template.description ?? '',
    fromTemplate: String(template._id),
    competencies: template.competencies
      .filter((c) => sources.has(String(c.competency)))
      .map((c) => {
        const levels = sources.get(String(c.competency))!.levels;
        const level = levels.some((l) => l.value === c.requiredLevel) ? c.requiredLevel : levels[0]?.value;
        return {
          competency: String(c.competency),
          requiredLevel: level === undefined || level === null ? '' : String(level),
          weight: '1',
          weightReason: '',
          requirement: 'required',
        };
      }),
  };
}

function toFields(input: PositionInput) {
  const base = baselineWeight(input.competencies.map((c) => c.weight));
  return {
    title: input.title,
    classCode: input.classCode,
    department: input.department,
    description: input.description,
    competencies: input.competencies.map((c, order) => ({
      competency: new Types.ObjectId(c.competency),
      requiredLevel: c.requiredLevel,
      weight: c.weight,
      // A reason only means something beside a weight that differs.
      weightReason: c.weight !== base ? c.weightReason : undefined,
      requirement: c.requirement,
      order,
    })),
  };
}

export async function createPosition(input: PositionInput, by: Actor) {
  await checkCompetencyRows(input.competencies);
  let fromTemplate: Types.ObjectId | undefined;
  if (input.fromTemplate) {
    const tpl = await PositionTemplate.exists({ _id: input.fromTemplate });
    if (!tpl)
      throw new ValidationError('That template no longer exists.', { fromTemplate: 'Unknown template.' });
    fromTemplate = new Types.ObjectId(input.fromTemplate);
  }
  return Position.create({ ...toFields(input), owner: by._id, sharedWith: [], fromTemplate });
}

export async function updatePosition(id: string, input: PositionInput, by: Actor) {
  const position = await findPosition(id, by);
  await checkCompetencyRows(
    input.competencies,
    new Set(position.competencies.map((c) => String(c.competency))),
  );
  position.set(toFields(input));
  await position.save();
  return position;
}

export async function sharePosition(id: string, email: string, by: Actor) {
  const position = await findPosition(id, by);
  if (!canShare(position, by)) throw new ForbiddenError('Only the owner shares this position.');
  const user = await User.findOne({ email, status: 'active' }).lean();
  if (!user || !hasRole(user, 'manager'))
    throw new ValidationError('Share with an active hiring manager.', {
      email: 'There is no active hiring manager with this email address.',
    });
  if (String(user._id) === String(position.owner))
    throw new ValidationError('The owner already has this position.', { email: 'That is the owner.' });
  if (!position.sharedWith.some((u) => String(u) === String(user._id))) {
    position.sharedWith.push(user._id);
    await position.save();
  }
  return { position, user };
}

export async function unsharePosition(id: string, userId: string, by: Actor) {
  const position = await findPosition(id, by);
  if (!canShare(position, by)) throw new ForbiddenError('Only the owner changes who shares this position.');
  position.sharedWith = position.sharedWith.filter((u) => String(u) !== userId) as typeof position.sharedWith;
  // The manager's open streams of this position's interviews check again (access-fences.ts).
  await panelEvents.changingAccess([userId], () => position.save());
  return position;
}
