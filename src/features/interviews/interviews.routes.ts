import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireLogin, requireRole } from '../../middleware/auth.js';
import { interviewsController } from './interviews.controller.js';

/**
 * Scheduling follows the position's permissions (owner, managers it is shared with, admins;
 * panelists 403). `/interviews/:id` is the read-only summary the panel's email links to: the
 * panel members of that interview and the position's managers; everyone else 403.
 */
export function interviewsRouter(deps: AppDeps): Router {
  const c = interviewsController(deps);
  const managers = requireRole('admin', 'manager');
  const r = Router();
  const base = '/positions/:positionId/interviews';

  r.get(base, managers, c.index);
  r.post(base, managers, c.create);
  r.get(`${base}/:interviewId`, managers, c.show);
  r.post(`${base}/:interviewId/cancel`, managers, c.cancel);
  r.post(`${base}/:interviewId/panel`, managers, c.changePanel);
  r.post(`${base}/:interviewId/reschedule`, managers, c.reschedule);
  r.get('/interviews/:id', requireLogin, c.summary);
  return r;
}
