/** What a user can change about themselves (and an admin for them): for now, the time zone. */
import { Types } from 'mongoose';
import { NotFoundError } from '../../lib/errors.js';
import { User } from '../users/user.model.js';

/** Sets the zone the user reads times in; empty falls back to the organisation's. */
export async function setTimeZone(userId: Types.ObjectId | string, timeZone: string) {
  const id = typeof userId === 'string' ? (/^[0-9a-f]{24}$/i.test(userId) ? userId : null) : userId;
  const done = id
    ? await User.updateOne({ _id: id }, timeZone ? { $set: { timeZone } } : { $unset: { timeZone: 1 } })
    : null;
  if (!done || done.matchedCount !== 1) throw new NotFoundError('There is no such user.');
}
