import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { requireLogin } from '../../middleware/auth.js';
import { eventStream } from './sse.js';

/**
 * The panel's live side of an interview: its event stream, the board (progress, then the revealed
 * ratings, consensus and sign-offs), the JSON summary. Panel members and the position's managers
 * only; the independence rule is in panel-context.ts.
 */
export function panelRouter(_deps: AppDeps): Router {
  const r = Router();
  r.get('/interviews/:id/events', requireLogin, eventStream);
  return r;
}
