/**
 * GET /account: the signed-in user's details and their time zone; POST /account/time-zone sets it.
 * POST /admin/users/:id/time-zone (admins, users.routes.ts) uses the same form and service.
 */
import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../../lib/errors.js';
import { requireLogin } from '../../middleware/auth.js';
import { flash } from '../../middleware/flash.js';
import { fieldErrors } from '../users/users.schemas.js';
import { ROLE_LABELS, type Role } from '../users/user.model.js';
import { timeZoneForm } from './account.schemas.js';
import { setTimeZone } from './account.service.js';
import { timeZoneOptionsHtml } from './time-zone-options.js';

/** The select's choices, for views/account/time-zone-form.ejs. */
export const timeZoneChoices = () => ({ timeZoneOptionsHtml });

/** Parses the form (422 with the reason on bad input) and saves it for `userId`. */
export async function saveTimeZone(req: Request, userId: string) {
  const parsed = timeZoneForm.safeParse(req.body ?? {});
  if (!parsed.success) throw new ValidationError('Please choose a time zone.', fieldErrors(parsed.error));
  await setTimeZone(userId, parsed.data.timeZone);
  return parsed.data.timeZone;
}

function render(req: Request, res: Response) {
  const user = req.user!;
  res.render('account/index', {
    title: 'Your account',
    user,
    roles: (user.roles ?? []).map((r) => ROLE_LABELS[r as Role] ?? r),
    ...timeZoneChoices(),
  });
}

export function accountRouter(): Router {
  const r = Router();
  r.get('/account', requireLogin, render);
  r.post('/account/time-zone', requireLogin, async (req, res) => {
    const zone = await saveTimeZone(req, String(req.user!._id));
    flash(
      req,
      'success',
      zone ? `Times are now shown in ${zone}.` : 'Times are now shown in the organisation’s zone.',
    );
    res.redirect(303, '/account');
  });
  return r;
}
