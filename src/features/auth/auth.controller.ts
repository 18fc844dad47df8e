import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../app-deps.js';
import type { PassportInstance } from './passport.js';
import { safeReturnTo } from '../../middleware/auth.js';
import { flash } from '../../middleware/flash.js';
import * as users from '../users/users.service.js';
import {
  acceptInviteForm,
  fieldErrors,
  forgotForm,
  loginForm,
  newPasswordForm,
  setupForm,
  token as tokenSchema,
} from '../users/users.schemas.js';
import type { UserDoc } from '../users/user.model.js';
import { demoSignInInfo } from '../../demo/demo-tour.js';

/**
 * The one answer to every failed sign-in (wrong password, unknown address, locked): which of them it
 * was is not the visitor's to know. It says what to do in each case.
 */
export const LOGIN_FAILED =
  'The email address or password is not correct. After several failed attempts, sign-in from this ' +
  'network address pauses for 15 minutes; you can reset your password at any time.';

function logIn(req: Request, user: UserDoc): Promise<void> {
  // passport regenerates the session id at login (no session fixation).
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

export function authController(deps: AppDeps, passport: PassportInstance) {
  const mailDeps = { mailer: deps.mailer, baseUrl: deps.config.baseUrl, appName: deps.appName };

  // Demo mode only: the demo's accounts, its password and where to look, on the sign-in page.
  const demo = async () => (deps.config.demo ? await demoSignInInfo() : null);

  const showLogin: RequestHandler = async (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('auth/login', {
      title: 'Sign in',
      values: { returnTo: safeReturnTo(req.query.returnTo) ?? '' },
      demo: await demo(),
    });
  };

  const login: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    const parsed = loginForm.safeParse(req.body ?? {});
    const values = parsed.success
      ? { email: parsed.data.email, returnTo: safeReturnTo(parsed.data.returnTo) ?? '' }
      : {};
    if (!parsed.success || !parsed.data.email || !parsed.data.password) {
      res.status(422).render('auth/login', {
        title: 'Sign in',
        values,
        error: 'Enter your email address and password.',
        demo: await demo(),
      });
      return;
    }
    req.body.email = parsed.data.email;
    passport.authenticate('local', (err: unknown, user: UserDoc | false) => {
      if (err) return next(err);
      if (!user) {
        demo().then(
          (d) =>
            res.status(401).render('auth/login', { title: 'Sign in', values, error: LOGIN_FAILED, demo: d }),
          next,
        );
        return;
      }
      logIn(req, user).then(() => {
        flash(req, 'success', `Welcome, ${user.name}.`);
        res.redirect(303, safeReturnTo(parsed.data.returnTo) ?? '/');
      }, next);
    })(req, res, next);
  };

  const logout: RequestHandler = (req, res, next) => {
    // passport removes the user, then regenerates the session (deleting the old one from the
    // store); the new, empty one is dropped here rather than saved: anonymous visitors have none.
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((err2) => {
        if (err2) return next(err2);
        res.clearCookie('cit.sid', { path: '/' });
        flash(req, 'info', 'You are signed out.');
        res.redirect(303, '/login');
      });
    });
  };

  const showSetup: RequestHandler = async (_req, res) => {
    if (await users.hasUsers())
      return void res.status(404).render('errors/error', {
        title: 'Page not found',
        status: 404,
        message: 'Setup is already complete.',
      });
    res.render('auth/setup', { title: 'Set up the first administrator' });
  };

  const setup: RequestHandler = async (req, res) => {
    if (await users.hasUsers())
      return void res.status(404).render('errors/error', {
        title: 'Page not found',
        status: 404,
        message: 'Setup is already complete.',
      });
    const parsed = setupForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const { email = '', name = '' } = (req.body ?? {}) as Record<string, string>;
      return void res.status(422).render('auth/setup', {
        title: 'Set up the first administrator',
        values: { email, name },
        fields: fieldErrors(parsed.error),
      });
    }
    const user = await users.createFirstAdmin(parsed.data);
    await logIn(req, user);
    flash(req, 'success', 'Your administrator account is ready. Invite your colleagues from Users.');
    res.redirect(303, '/');
  };

  const showForgot: RequestHandler = (_req, res) =>
    res.render('auth/forgot', { title: 'Reset your password' });

  const forgot: RequestHandler = async (req, res) => {
    const parsed = forgotForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return void res.status(422).render('auth/forgot', {
        title: 'Reset your password',
        values: { email: String(req.body?.email ?? '') },
        fields: fieldErrors(parsed.error),
      });
    }
    await users.requestPasswordReset(parsed.data.email, mailDeps);
    flash(
      req,
      'info',
      'If an account exists for that address, we have sent it a link to reset the password.',
    );
    res.redirect(303, '/login');
  };

  const invalidLink = (res: Response) =>
    res
      .status(404)
      .render('errors/error', { title: 'Link not valid', status: 404, message: users.LINK_INVALID });

  const showReset: RequestHandler = async (req, res) => {
    const token = tokenSchema.safeParse(req.params.token);
    if (!token.success || !(await users.peekToken(token.data, 'reset'))) return void invalidLink(res);
    res.render('auth/reset', { title: 'Choose a new password', token: token.data });
  };

  const reset: RequestHandler = async (req, res) => {
    const token = tokenSchema.safeParse(req.params.token);
    if (!token.success) return void invalidLink(res);
    const parsed = newPasswordForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return void res.status(422).render('auth/reset', {
        title: 'Choose a new password',
        token: token.data,
        fields: fieldErrors(parsed.error),
      });
    }
    await users.resetPassword(token.data, parsed.data.password);
    flash(req, 'success', 'Your password has been changed. Sign in with the new one.');
    res.redirect(303, '/login');
  };

  const showInvite: RequestHandler = async (req, res) => {
    const token = tokenSchema.safeParse(req.params.token);
    const user = token.success ? await users.peekToken(token.data, 'invite') : null;
    if (!token.success || !user || user.status !== 'invited') return void invalidLink(res);
    res.render('auth/invite', {
      title: 'Accept your invitation',
      token: token.data,
      invitee: user,
      values: { name: user.name },
    });
  };

  const acceptInvite: RequestHandler = async (req, res) => {
    const token = tokenSchema.safeParse(req.params.token);
    if (!token.success) return void invalidLink(res);
    const parsed = acceptInviteForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const user = await users.peekToken(token.data, 'invite');
      if (!user) return void invalidLink(res);
      return void res.status(422).render('auth/invite', {
        title: 'Accept your invitation',
        token: token.data,
        invitee: user,
        values: { name: String(req.body?.name ?? '') },
        fields: fieldErrors(parsed.error),
      });
    }
    await users.acceptInvite(token.data, parsed.data);
    flash(
      req,
      'success',
      'Your account is ready. Sign in with your email address and the password you chose.',
    );
    res.redirect(303, '/login');
  };

  return {
    showLogin,
    login,
    logout,
    showSetup,
    setup,
    showForgot,
    forgot,
    showReset,
    reset,
    showInvite,
    acceptInvite,
  };
}
