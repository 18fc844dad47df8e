import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireLogin } from '../../middleware/auth.js';
import { panelController } from './panel.controller.js';
import { eventStream } from './sse.js';

/**
 * The panel's live side of an interview: its event stream, the board (progress, then the revealed
 * ratings, consensus and sign-offs) with its fragments, the consensus forms and the JSON summary.
 * Panel members and the position's managers only (panel-context.ts, which also holds the
 * independence rule); the forms check chair and panel seats in consensus.service.ts.
 */
export function panelRouter(deps: AppDeps): Router {
  const c = panelController({ stageAfterInterview: deps.config.candidates.stageAfterInterview });
  const r = Router();
  const base = '/interviews/:id';
  r.get(`${base}/events`, requireLogin, eventStream);
  r.get(`${base}/board`, requireLogin, c.board);
  r.get(`${base}/board/content`, requireLogin, c.boardContent);
  r.get(`${base}/panel-status`, requireLogin, c.panelStatus);
  r.post(`${base}/board/ratings/:sectionId`, requireLogin, c.changeRating);
  r.post(`${base}/board/consensus/:sectionId`, requireLogin, c.recordConsensus);
  r.post(`${base}/board/recommendation`, requireLogin, c.recordRecommendation);
  r.post(`${base}/board/sign-off`, requireLogin, c.signOff);
  r.get('/api/interviews/:id/summary', requireLogin, c.summary);
  return r;
}
