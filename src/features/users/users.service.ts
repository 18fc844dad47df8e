/** Users, roles, the first admin, invitations and password resets. No req/res here. */
import { LIST_BATCH } from '../../lib/list-batch.js';
import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError, BadRequestError } from '../../lib/errors.js';
import type { Mailer } from '../../lib/mailer.js';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../lib/passwords.js';
import { closeStreamsOf } from '../panel/live-streams.js';
import { panelEvents } from '../../live/event-bus.js';
import { LoginAttempt } from './login-attempt.model.js';
import { Token } from './token.model.js';
import { User, type Role, type SignedInUser, type UserDoc } from './user.model.js';

/** Who acts (the signed-in user, req.user): changes are checked against and credited to them. */
type Actor = Pick<SignedInUser, '_id' | 'name'>;

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
export const INVITE_TTL_MS = 72 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;
const PURGE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

let knownToHaveUsers = false;

/** True once any user exists (cached: users are never hard-deleted). */
export async function hasUsers(): Promise<boolean> {
  if (knownToHaveUsers) return true;
  knownToHaveUsers = (await User.exists({})) !== null;
  return knownToHaveUsers;
}

/** Tests that empty the users collection call this. */
export function forgetUserCache(): void {
  knownToHaveUsers = false;
}

export async function createUser(input: {
  email: string;
  name: string;
  roles: Role[];
  password?: string;
  status?: 'active' | 'invited';
  invitedBy?: Types.ObjectId;
}): Promise<UserDoc> {
  if (await User.exists({ email: input.email })) {
    throw new ConflictError('A user with that email address already exists.', {
      email: 'A user with that email address already exists.',
    });
  }
  const user = await User.create({
    email: input.email,
    name: input.name,
    roles: input.roles,
    status: input.status ?? 'active',
    passwordHash: input.password ? await hashPassword(input.password) : undefined,
    invitedBy: input.invitedBy,
  });
  knownToHaveUsers = true;
  return user;
}

/** Creates the first administrator; refused once any user exists. */
export async function createFirstAdmin(input: {
  email: string;
  name: string;
  password: string;
}): Promise<UserDoc> {
  if (await hasUsers()) throw new NotFoundError();
  return createUser({ ...input, roles: ['admin', 'manager'] });
}

export type LoginResult = { ok: true; user: UserDoc } | { ok: false; reason: 'invalid' };

const accountKey = (email: string) => crypto.createHash('sha256').update(email).digest('hex');

/**
 * Checks a sign-in from network address `ip`. Every failure looks the same to the visitor: a wrong
 * password, an unknown, invited or deactivated address and a locked (account, address) pair all do
 * the same work (one user read, one attempt read, one scrypt, one attempt write) and give the same
 * answer. After MAX_FAILED_LOGINS failures an (account, address) pair is refused for LOCKOUT_MS,
 * right password included; other addresses are not affected, so strangers cannot lock the owner out.
 */
export async function authenticate(
  email: string,
  password: string,
  ip = 'local',
  now = new Date(),
): Promise<LoginResult> {
  const key = { account: accountKey(email), ip };
  const [user, attempt] = await Promise.all([User.findOne({ email }), LoginAttempt.findOne(key).lean()]);
  const valid = await verifyPassword(password, user?.passwordHash);
  const current = attempt && attempt.expiresAt > now ? attempt.failures : 0;
  const locked = current >= MAX_FAILED_LOGINS;
  if (user && user.status === 'active' && valid && !locked) {
    await Promise.all([
      LoginAttempt.deleteOne(key),
      User.updateOne({ _id: user._id }, { $set: { lastLoginAt: now } }),
    ]);
    return { ok: true, user };
  }
  // A failure while locked does not extend the lock: it ends LOCKOUT_MS after the last counted one.
  const expiresAt = locked ? attempt!.expiresAt : new Date(now.getTime() + LOCKOUT_MS);
  await LoginAttempt.updateOne(
    key,
    { $set: { failures: locked ? current : current + 1, expiresAt } },
    { upsert: true },
  );
  return { ok: false, reason: 'invalid' };
}

/** Forgets the failed sign-ins of an address (after a password reset or an accepted invitation). */
async function clearLoginAttempts(email: string): Promise<void> {
  await LoginAttempt.deleteMany({ account: accountKey(email) });
}

export function listUsers() {
  return User.find({}).sort({ name: 1, email: 1 }).batchSize(LIST_BATCH).lean();
}

export async function getUser(id: string): Promise<UserDoc> {
  const user = Types.ObjectId.isValid(id) ? await User.findById(id) : null;
  if (!user) throw new NotFoundError('There is no such user.');
  return user;
}

async function activeAdminCount(): Promise<number> {
  return User.countDocuments({ roles: 'admin', status: 'active' });
}

export async function setRoles(id: string, roles: Role[], actor: Actor): Promise<UserDoc> {
  const user = await getUser(id);
  const losingAdmin = user.roles.includes('admin') && !roles.includes('admin');
  if (losingAdmin && user.status === 'active' && (await activeAdminCount()) <= 1) {
    throw new BadRequestError('At least one active administrator must remain.', {
      roles: 'At least one active administrator must remain.',
    });
  }
  if (losingAdmin && user._id.equals(actor._id)) {
    throw new ForbiddenError('You cannot remove your own administrator role; ask another administrator.');
  }
  // A role removed (manager, admin) may end the user's view of the interviews they manage: the
  // open streams check again (access-fences.ts).
  const removed = user.roles.some((r) => !roles.includes(r));
  user.roles = roles;
  if (removed) await panelEvents.changingAccess([String(user._id)], () => user.save());
  else await user.save();
  return user;
}

export async function setActive(id: string, active: boolean, actor: Actor): Promise<UserDoc> {
  const user = await getUser(id);
  if (!active) {
    if (user._id.equals(actor._id)) throw new ForbiddenError('You cannot deactivate your own account.');
    if (user.roles.includes('admin') && user.status === 'active' && (await activeAdminCount()) <= 1) {
      throw new BadRequestError('At least one active administrator must remain.');
    }
    user.status = 'deactivated';
    user.sessionEpoch += 1; // ends every session of this user
  } else if (user.status === 'deactivated') {
    user.status = user.passwordHash ? 'active' : 'invited';
  }
  // Deactivation ends every live stream of the user: in every process at their next event (the
  // markers of changingAccess make them check), in this one at once.
  if (active) await user.save();
  else await panelEvents.changingAccess([String(user._id)], () => user.save());
  if (!active) closeStreamsOf(String(user._id));
  return user;
}

async function issueToken(user: UserDoc, purpose: 'invite' | 'reset', ttlMs: number): Promise<string> {
  const { token, hash } = newToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  await Token.create({
    user: user._id,
    purpose,
    hash,
    expiresAt,
    purgeAt: new Date(expiresAt.getTime() + PURGE_AFTER_MS),
  });
  return token;
}

/** Looks up a usable token without spending it (to show the form). */
export async function peekToken(token: string, purpose: 'invite' | 'reset'): Promise<UserDoc | null> {
  const record = await Token.findOne({
    hash: hashToken(token),
    purpose,
    usedAt: null,
    expiresAt: { $gt: new Date() },
  });
  if (!record) return null;
  const user = await User.findById(record.user);
  return user && user.status !== 'deactivated' ? user : null;
}

/** Spends a token atomically: of two concurrent uses, exactly one succeeds. */
async function spendToken(token: string, purpose: 'invite' | 'reset'): Promise<UserDoc | null> {
  const record = await Token.findOneAndUpdate(
    { hash: hashToken(token), purpose, usedAt: null, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date() } },
  );
  if (!record) return null;
  const user = await User.findById(record.user);
  return user && user.status !== 'deactivated' ? user : null;
}

/** Marks every still-usable link of `purpose` of this user as used. */
async function revokeOtherTokens(user: UserDoc, purpose: 'invite' | 'reset'): Promise<void> {
  await Token.updateMany({ user: user._id, purpose, usedAt: null }, { $set: { usedAt: new Date() } });
}

export const LINK_INVALID = 'This link is invalid, has expired or was already used. Ask for a new one.';

export async function invite(
  input: { email: string; name: string; roles: Role[] },
  actor: Actor,
  deps: { mailer: Mailer; baseUrl: string; appName: string },
): Promise<UserDoc> {
  const user = await createUser({ ...input, status: 'invited', invitedBy: actor._id });
  const token = await issueToken(user, 'invite', INVITE_TTL_MS);
  const link = `${deps.baseUrl}/invite/${token}`;
  await deps.mailer.queue({
    to: user.email,
    subject: `You are invited to ${deps.appName}`,
    text:
      `Hello ${user.name},\n\n${actor.name} invited you to ${deps.appName}.\n\n` +
      `Set your password to get started (this link works once and expires in 72 hours):\n${link}\n\n` +
      `If you did not expect this invitation, you can ignore this message.\n`,
  });
  return user;
}

/** Sends a fresh invitation link to a user who has not accepted yet. */
export async function resendInvite(
  id: string,
  actor: Actor,
  deps: { mailer: Mailer; baseUrl: string; appName: string },
): Promise<UserDoc> {
  const user = await getUser(id);
  if (user.status !== 'invited')
    throw new BadRequestError('Only invited users who have not set a password can be re-invited.');
  const token = await issueToken(user, 'invite', INVITE_TTL_MS);
  await deps.mailer.queue({
    to: user.email,
    subject: `Your invitation to ${deps.appName}`,
    text: `Hello ${user.name},\n\n${actor.name} sent you a new invitation link (valid 72 hours, usable once):\n${deps.baseUrl}/invite/${token}\n`,
  });
  return user;
}

export async function acceptInvite(
  token: string,
  input: { name: string; password: string },
): Promise<UserDoc> {
  const user = await spendToken(token, 'invite');
  if (!user || user.status !== 'invited') throw new NotFoundError(LINK_INVALID);
  await revokeOtherTokens(user, 'invite');
  user.name = input.name;
  user.passwordHash = await hashPassword(input.password);
  user.status = 'active';
  await user.save();
  await clearLoginAttempts(user.email);
  return user;
}

/** Sends a reset link when the address belongs to an active user; says nothing either way. */
export async function requestPasswordReset(
  email: string,
  deps: { mailer: Mailer; baseUrl: string; appName: string },
): Promise<void> {
  const user = await User.findOne({ email, status: 'active' });
  if (!user) return;
  const token = await issueToken(user, 'reset', RESET_TTL_MS);
  await deps.mailer.queue({
    to: user.email,
    subject: `Reset your ${deps.appName} password`,
    text:
      `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your password.\n` +
      `Choose a new one here (this link works once and expires in 1 hour):\n${deps.baseUrl}/password/reset/${token}\n\n` +
      `If you did not ask for this, ignore this message; your password stays as it is.\n`,
  });
}

export async function resetPassword(token: string, newPassword: string): Promise<UserDoc> {
  const user = await spendToken(token, 'reset');
  if (!user || user.status !== 'active') throw new NotFoundError(LINK_INVALID);
  // Every other reset link of this user dies with this one: an older message (perhaps read by
  // someone else) must not change the password again.
  await revokeOtherTokens(user, 'reset');
  user.passwordHash = await hashPassword(newPassword);
  user.sessionEpoch += 1; // other sessions (perhaps an intruder's) end, and their live streams
  await panelEvents.changingAccess([String(user._id)], () => user.save());
  closeStreamsOf(String(user._id));
  await clearLoginAttempts(user.email);
  return user;
}

/** ADMIN_EMAIL/ADMIN_PASSWORD at start: creates the first admin when there are no users. */
export async function ensureFirstAdmin(
  admin: { email: string; password: string } | undefined,
): Promise<UserDoc | null> {
  if (!admin || (await hasUsers())) return null;
  return createFirstAdmin({ email: admin.email, name: 'Administrator', password: admin.password });
}
