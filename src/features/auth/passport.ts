/** passport-local with sessions; each app gets its own Passport instance. */
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate } from '../users/users.service.js';
import { SIGNED_IN_FIELDS, User, type SignedInUser } from '../users/user.model.js';

interface SessionUser {
  id: string;
  /** The user's sessionEpoch at login: a later bump (deactivation, reset) ends the session. */
  epoch: number;
}

export type PassportInstance = InstanceType<typeof Passport>;

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
    done(null, { id: String(user._id), epoch: user.sessionEpoch } satisfies SessionUser),
  );
  passport.deserializeUser((stored: SessionUser, done) => {
    if (!stored || typeof stored.id !== 'string') return done(null, false);
    // Every signed-in request runs this: a plain object with the fields requests use (no password
    // hash, no mongoose document to build), read fresh so that a deactivation, a role change or a
    // password reset made in any app process takes effect at the next request.
    User.findById(stored.id, SIGNED_IN_FIELDS)
      .lean<SignedInUser>()
      .then((user) => {
        // A lean read gets no schema defaults: a user stored before sessionEpoch or roles existed
        // has them as a mongoose document would (0, none).
        const epoch = user?.sessionEpoch ?? 0;
        if (!user || user.status !== 'active' || epoch !== stored.epoch) return done(null, false);
        done(null, { ...user, sessionEpoch: epoch, roles: user.roles ?? [] });
      }, done);
  });
  return passport;
}
