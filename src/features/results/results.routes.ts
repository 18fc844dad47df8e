import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireRole } from '../../middleware/auth.js';
import { resultsController } from './results.controller.js';

/**
 * A position's results follow the position: its owner, the managers it is shared with and admins
 * (other managers 403, panelists 403, anonymous users to the sign-in page; JSON clients 401).
 * Calibration is for managers and admins, over the positions they may see.
 */
/** A JSON route answers JSON, its errors (401, 403, 404, 400) included, whatever the Accept header says. */
const jsonErrors: RequestHandler = (req, _res, next) => {
  req.headers.accept = 'application/json';
  next();
};

export function resultsRouter(_deps: AppDeps): Router {
  const c = resultsController();
  const managers = requireRole('admin', 'manager');
  const r = Router();
  r.get('/positions/:positionId/dashboard', managers, c.dashboard);
  r.get('/positions/:positionId/compare', managers, c.compare);
  r.get('/positions/:positionId/ratings.csv', managers, c.ratingsCsv);
  r.get('/api/positions/:positionId/ranking', jsonErrors, managers, c.ranking);
  r.get('/calibration', managers, c.calibration);
  return r;
}
