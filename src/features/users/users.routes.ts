import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { usersController } from './users.controller.js';

/** Mounted at /admin/users behind requireRole('admin'). */
export function usersRouter(deps: AppDeps): Router {
  const c = usersController(deps);
  const r = Router();
  r.get('/', c.index);
  r.get('/new', c.newForm);
  r.post('/', deps.limits.mailRequests, c.create);
  r.get('/:id', c.show);
  r.post('/:id/roles', c.updateRoles);
  r.post('/:id/time-zone', c.updateTimeZone);
  r.post('/:id/deactivate', c.deactivate);
  r.post('/:id/reactivate', c.reactivate);
  r.post('/:id/resend-invite', deps.limits.mailRequests, c.resendInvite);
  return r;
}
