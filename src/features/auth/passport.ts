/** passport-local with sessions; each app gets its own Passport instance. */
import type { Request } from 'express';
import mongoose, { Types } from 'mongoose';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate } from '../users/users.service.js';
import { SIGNED_IN_FIELDS, User, type SignedInUser } from '../users/user.model.js';
import { takeUserReadWithSession, type UserReadWithSession } from './session-store.js';

interface SessionUser {
  /**
   * The user's _id: an ObjectId, so that the session store's read can join the user by it
   * (session-store.ts); a hex string in sessions stored by earlier versions.
   */
  id: Types.ObjectId | string;
  /** The user's sessionEpoch at login: a later bump (deactivation, reset) ends the session. */
  epoch: number;
}

export type PassportInstance = InstanceType<typeof Passport>;

/**
 * The signed-in user a session names, or false when that session signs nobody in: the user is
 * gone, not active, or their sessions were ended (sessionEpoch bumped) since this one began.
 */
function signedIn(
  user: UserReadWithSession | SignedInUser | null,
  stored: SessionUser,
): SignedInUser | false {
  if (!user || String(user._id) !== String(stored.id)) return false;
  const read = user as Partial<SignedInUser>;
  // A lean read gets no schema defaults: a user stored before sessionEpoch or roles existed
  // has them as a mongoose document would (0, none).
  const epoch = read.sessionEpoch ?? 0;
  if (read.status !== 'active' || epoch !== stored.epoch) return false;
  return { ...(user as SignedInUser), sessionEpoch: epoch, roles: read.roles ?? [] };
}

export function createPassport(): PassportInstance {
  const passport = new Passport();
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, email, password, done) => {
        authenticate(email.trim().toLowerCase(), password, req.ip ?? 'unknown').then(
          (result) => (result.ok ? done(null, result.user) : done(null, false, { message: result.reason })),
          done,
        );
      },
    ),
  );
  passport.serializeUser((user, done) =>
    done(null, { id: new Types.ObjectId(String(user._id)), epoch: user.sessionEpoch } satisfies SessionUser),
  );
  // The request is passed when passport's session strategy calls (undefined in a direct call).
  passport.deserializeUser<SessionUser, Request>((req, stored, done) => {
    if (!stored || !mongoose.isObjectIdOrHexString(stored.id)) return done(null, false);
    // Every signed-in request runs this. The session store has usually read the user with the
    // session, in the same command (session-store.ts); a session stored as a string has not.
    const read = takeUserReadWithSession(req);
    if (read) return done(null, signedIn(read.user, stored));
    // A plain object with the fields requests use (no password hash, no mongoose document to
    // build), read fresh so that a deactivation, a role change or a password reset made in any app
    // process takes effect at the next request.
    User.findById(stored.id, SIGNED_IN_FIELDS)
      .lean<SignedInUser>()
      .then((user) => {
        const signedInUser = signedIn(user, stored);
        if (!signedInUser || typeof stored.id !== 'string' || !req?.session) return done(null, signedInUser);
        // A session from an earlier version holds the id as a string, which the store's join
        // cannot match: rewritten with an ObjectId, its next request reads the user with the
        // session. Saved here, as express-session would not see the change (both forms of the id
        // are the same JSON); if the write fails, the session still works as it is.
        stored.id = signedInUser._id;
        req.session.save(() => done(null, signedInUser));
      }, done);
  });
  return passport;
}
