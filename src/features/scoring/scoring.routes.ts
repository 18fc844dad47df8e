import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireLogin } from '../../middleware/auth.js';
import { scoringController } from './scoring.controller.js';

/**
 * A panelist's own scoring of an interview. Only the members of that interview's panel: the
 * position's managers who are not on it, and every other user, get 403 (see scoringContext).
 */
export function scoringRouter(_deps: AppDeps): Router {
  const c = scoringController();
  const r = Router();
  r.get('/interviews/:id/score', requireLogin, c.page);
  r.post('/interviews/:id/score', requireLogin, c.saveForm);
  r.post('/interviews/:id/ratings/:sectionId', requireLogin, c.saveJson);
  r.post('/interviews/:id/submit', requireLogin, c.submit);
  return r;
}
