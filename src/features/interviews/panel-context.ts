/**
 * Who may do what with one interview: the panel (chair and members) and the position's managers
 * (owner, sharers, admins). Every scoring, board, event and summary route starts here, so the
 * independence rule has one source: `canSeeValues`.
 */
import { Types } from 'mongoose';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { FrozenGuide, FrozenSection } from '../guides/frozen-guide.js';
import { Candidate } from '../candidates/candidate.model.js';
import { getFrozenVersion } from '../guides/guide-versions.service.js';
import { Position } from '../positions/position.model.js';
import { canAccess, type Actor } from '../positions/positions.service.js';
import { User } from '../users/user.model.js';
import { tickBatch } from '../../lib/tick-batch.js';
import {
  Interview,
  phaseOf,
  type InterviewFields,
  type InterviewPhase,
  type PanelRole,
} from './interview.model.js';

export type InterviewLean = InterviewFields & { _id: Types.ObjectId };

export interface PanelMember {
  id: string;
  name: string;
  email: string;
  role: PanelRole;
  submittedAt: Date | null;
  signedOffAt: Date | null;
}

/**
 * The fields of an interview that a panelist acting on their own seat needs (autosave): the seat
 * (panel), the state checks (status, startedAt, revealedAt), the guide version, and what a new
 * rating copies (position, candidate). Top-level fields only, with the whole (2 to 4 seat) panel:
 * the engine projects those without mingo, where `panel.$` or `$elemMatch` would compile a query.
 */
export const SEAT_FIELDS = {
  position: 1,
  candidate: 1,
  guide: 1,
  guideVersion: 1,
  status: 1,
  startedAt: 1,
  revealedAt: 1,
  panel: 1,
} as const;

/** An interview read for a seat: `_id` and SEAT_FIELDS only. */
export type SeatInterview = Pick<InterviewLean, '_id' | keyof typeof SEAT_FIELDS>;

/**
 * What acting on one's own seat needs (the autosave): the interview's seat fields, its guide and
 * the seat. A PanelContext is one too, so the scoring code takes either.
 */
export interface SeatContext {
  interview: SeatInterview;
  guide: FrozenGuide;
  panel: PanelMember[];
  /** This user's panel seat, or null when they are not on the panel. */
  me: PanelMember | null;
  isChair: boolean;
  /** The position's owner, a manager it is shared with, or an admin. */
  manager: boolean;
  phase: InterviewPhase;
  /**
   * Whether this user may see other panelists' ratings and notes: only once every panelist has
   * submitted (the consensus step, and after). Before that the panel, the chair included, and the
   * managers see progress only; each panelist sees their own ratings.
   */
  canSeeValues: boolean;
}

export interface PanelContext extends SeatContext {
  interview: InterviewLean;
  position: { _id: Types.ObjectId; title: string; owner: unknown; sharedWith?: unknown[] | null };
  candidate: { _id: Types.ObjectId; name: string; email?: string | null; stage?: string | null } | null;
}

const NO_SUCH_INTERVIEW = 'There is no such interview.';
const NO_POSITION = 'The position of this interview no longer exists.';
const NOT_YOURS = 'You can see the interviews you sit on.';

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

// Published versions never change, so they are cached (bounded) by guide and version.
const frozenCache = new Map<string, FrozenGuide>();
const FROZEN_CACHE_MAX = 200;
export async function frozenGuide(guideId: string, version: number): Promise<FrozenGuide> {
  const key = `${guideId}:${version}`;
  const hit = frozenCache.get(key);
  if (hit) return hit;
  const guide = await getFrozenVersion(guideId, version);
  if (frozenCache.size >= FROZEN_CACHE_MAX) frozenCache.delete(frozenCache.keys().next().value!);
  frozenCache.set(key, guide);
  return guide;
}

/** The guide section with this id, or undefined. */
export const sectionOf = (guide: FrozenGuide, sectionId: string): FrozenSection | undefined =>
  guide.sections.find((s) => s.id === sectionId);

/**
 * Loads an interview for `user`: 404 when there is none, 403 unless they sit on its panel or
 * manage its position.
 */
export async function panelContext(interviewId: string, user: Actor): Promise<PanelContext> {
  const _id = oid(interviewId);
  const interview = _id ? ((await Interview.findById(_id).lean()) as InterviewLean | null) : null;
  if (!interview) throw new NotFoundError(NO_SUCH_INTERVIEW);
  const seat = interview.panel.find((p) => String(p.user) === String(user._id));
  const position = await Position.findById(interview.position, 'title owner sharedWith').lean();
  if (!position) throw new NotFoundError(NO_POSITION);
  const manager = canAccess(position, user);
  if (!seat && !manager) throw new ForbiddenError(NOT_YOURS);

  const [users, candidate, guide] = await Promise.all([
    User.find({ _id: { $in: interview.panel.map((p) => p.user) } }, 'name email').lean(),
    Candidate.findById(interview.candidate, 'name email stage').lean(),
    frozenGuide(String(interview.guide), interview.guideVersion),
  ]);
  const byId = new Map(users.map((u) => [String(u._id), u]));
  const panel: PanelMember[] = interview.panel.map((p) => ({
    id: String(p.user),
    name: byId.get(String(p.user))?.name ?? '(former user)',
    email: byId.get(String(p.user))?.email ?? '',
    role: p.role,
    submittedAt: p.submittedAt ?? null,
    signedOffAt: p.signedOffAt ?? null,
  }));
  const me = panel.find((p) => p.id === String(user._id)) ?? null;
  const phase = phaseOf(interview);
  return {
    interview,
    position,
    candidate,
    guide,
    panel,
    me,
    isChair: me?.role === 'chair',
    manager,
    phase,
    canSeeValues: !!interview.revealedAt,
  };
}

/** An interview's seats and position: all that deciding who may follow it needs. */
export interface InterviewSeats {
  _id: Types.ObjectId;
  panel: { user: unknown }[];
  position: Types.ObjectId;
}

// The streams of one interview check their viewers together when an event reaches them: one read.
const seatsBatch = tickBatch(
  (ids) => Interview.find({ _id: { $in: ids } }, 'panel.user position').lean<InterviewSeats[]>(),
  (i) => String(i._id),
);

/** The seats and position of an interview, or null when there is none. */
export async function interviewSeats(interviewId: string): Promise<InterviewSeats | null> {
  const _id = oid(interviewId);
  return _id ? seatsBatch(String(_id)) : null;
}

/**
 * Whether `user` may follow the interview: the rule of panelContext (a seat on its panel, or a
 * manager of its position) without loading the rest of the context. The live stream asks it for
 * every viewer before every batch of events, so it costs one small read, two for a manager. (A
 * seated panelist is not asked for the position: positions are never deleted.)
 */
export async function mayWatch(interview: InterviewSeats | null, user: Actor): Promise<boolean> {
  if (!interview) return false;
  if (interview.panel.some((p) => String(p.user) === String(user._id))) return true;
  const position = await Position.findById(interview.position, 'owner sharedWith').lean();
  return !!position && canAccess(position, user);
}

/**
 * The hot path of autosave (most of the app's requests): a panelist acting on their own seat. One
 * read of the interview's seat fields (SEAT_FIELDS), through the driver: a projection keeps the
 * reply small, and mongoose would add nothing to a plain read by `_id` but its Query and casting.
 * The frozen guide comes from the cache. The position, the candidate and the names are not loaded,
 * so the context is never one to render a page with.
 *
 * Refuses as panelContext does: 404 when there is no such interview (or position), 403 for whoever
 * neither sits on the panel nor manages the position. A manager who does not sit on the panel gets
 * null (`manager` is all that is known): the caller says why they may not act here.
 */
export async function seatContext(interviewId: string, user: Actor): Promise<SeatContext | null> {
  const _id = oid(interviewId);
  const interview = _id
    ? await Interview.collection.findOne<SeatInterview>({ _id }, { projection: SEAT_FIELDS })
    : null;
  if (!interview) throw new NotFoundError(NO_SUCH_INTERVIEW);
  const seat = interview.panel.find((p) => String(p.user) === String(user._id));
  if (!seat) {
    const position = await Position.findById(interview.position, 'owner sharedWith').lean();
    if (!position) throw new NotFoundError(NO_POSITION);
    if (!canAccess(position, user)) throw new ForbiddenError(NOT_YOURS);
    return null;
  }
  const guide = await frozenGuide(String(interview.guide), interview.guideVersion);
  const panel: PanelMember[] = interview.panel.map((p) => ({
    id: String(p.user),
    name: '',
    email: '',
    role: p.role,
    submittedAt: p.submittedAt ?? null,
    signedOffAt: p.signedOffAt ?? null,
  }));
  const me = panel.find((p) => p.id === String(user._id)) ?? null;
  return {
    interview,
    guide,
    panel,
    me,
    isChair: me?.role === 'chair',
    manager: false,
    phase: phaseOf(interview),
    canSeeValues: !!interview.revealedAt,
  };
}
