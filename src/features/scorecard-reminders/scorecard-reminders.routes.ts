/**
 * POST /interviews/:id/nudge: the chair mails every panelist who has not submitted their ratings.
 * The form carries only its CSRF token; anything else in the body is refused.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { ValidationError } from '../../lib/errors.js';
import { bodyOf } from '../../lib/request-body.js';
import { requireLogin } from '../../middleware/auth.js';
import { flash } from '../../middleware/flash.js';
import { panelContext } from '../interviews/panel-context.js';
import { nudgePanel } from './scorecard-reminders.service.js';

const nudgeForm = z.object({ _csrf: z.string().optional() }).strict();
const wantsJson = (req: Request) => !!req.is('application/json') || req.accepts(['html', 'json']) === 'json';

export function scorecardRemindersRouter(deps: AppDeps): Router {
  const r = Router();
  r.post('/interviews/:id/nudge', requireLogin, async (req: Request, res: Response) => {
    const ctx = await panelContext(String(req.params.id), req.user!);
    const board = `/interviews/${ctx.interview._id}/board`;
    // Refusals (a body with fields, not the chair, nobody left, nudged within the hour) go to the
    // error handler, which answers 4xx with the message as a page or as JSON.
    const parsed = nudgeForm.safeParse(bodyOf(req));
    if (!parsed.success) {
      const extra = parsed.error.issues.flatMap((i) => ('keys' in i ? (i.keys as string[]) : []));
      throw new ValidationError(
        `The nudge takes no fields; unknown: ${extra.join(', ') || 'a malformed body'}.`,
      );
    }
    const n = await nudgePanel(ctx, deps, req.user!._id);
    const message = `Reminder sent to ${n} panelist${n === 1 ? '' : 's'} who ha${n === 1 ? 's' : 've'} not submitted.`;
    if (wantsJson(req)) return void res.json({ message, nudged: n });
    flash(req, 'success', message);
    res.redirect(303, board);
  });
  return r;
}
