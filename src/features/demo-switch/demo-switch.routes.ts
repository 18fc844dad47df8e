/**
 * Demo mode only (config.demo; 404 otherwise): POST /demo/switch signs the current demo user in as
 * another demo account (the header's "Switch to" form, or a tour stop's "Open as" button), and
 * GET /demo keeps the demo's tour at hand after sign-in.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { DEMO_USERS, type DemoUserKey } from '../../demo/demo-people.js';
import { demoSignInInfo } from '../../demo/demo-tour.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { bodyOf } from '../../lib/request-body.js';
import { requireLogin, safeReturnTo } from '../../middleware/auth.js';
import { flash } from '../../middleware/flash.js';
import type { UserDoc } from '../users/user.model.js';
import { demoPersonaOf, personaKeyByName, switchTarget } from './demo-switch.service.js';

const KEYS = DEMO_USERS.map((u) => u.key) as [DemoUserKey, ...DemoUserKey[]];

export const switchForm = z.strictObject(
  {
    _csrf: z.string().optional(),
    to: z.enum(KEYS, { error: 'Choose one of the demo’s accounts to switch to.' }),
    next: z.string().max(512).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `The switch form does not take ${issue.keys.map((k) => `“${k}”`).join(', ')}.`
        : undefined,
  },
);

function logIn(req: Request, user: UserDoc): Promise<void> {
  // passport regenerates the session id at login, as at an ordinary sign-in.
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

export function demoSwitchRouter(deps: AppDeps): Router {
  const r = Router();
  const demoOnly: RequestHandler = (_req, _res, next) =>
    next(deps.config.demo ? undefined : new NotFoundError());

  r.post('/demo/switch', requireLogin, demoOnly, async (req, res) => {
    const parsed = switchForm.safeParse(bodyOf(req));
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues[0]?.message ?? 'Choose a demo account.');
    const user = await switchTarget(req.user!, parsed.data.to);
    await logIn(req, user);
    flash(req, 'success', `You are now ${user.name}.`);
    res.redirect(303, safeReturnTo(parsed.data.next) ?? '/');
  });

  r.get('/demo', requireLogin, demoOnly, async (req, res) => {
    const info = await demoSignInInfo();
    const me = demoPersonaOf(req.user);
    res.render('demo/tour', {
      title: 'Demo tour',
      me,
      tour: info.tour.map((t) => ({ ...t, key: personaKeyByName(t.as) })),
    });
  });
  return r;
}
