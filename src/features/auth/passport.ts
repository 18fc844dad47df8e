/** passport-local with sessions; each app gets its own Passport instance. */
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate } from '../users/users.service.js';
import { User } from '../users/user.model.js';

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
    User.findById(stored.id).then((user) => {
      if (!user || user.status !== 'active' || user.sessionEpoch !== stored.epoch) return done(null, false);
      done(null, user);
    }, done);
  });
  return passport;
}
