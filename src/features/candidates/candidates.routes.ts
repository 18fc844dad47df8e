import express, { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireRole } from '../../middleware/auth.js';
import { csrf } from '../../middleware/csrf.js';
import { candidatesController } from './candidates.controller.js';

/**
 * The import route parses its own body (a CSV of 2,000 rows outgrows the app's 100 kB form limit),
 * so app.ts leaves parsing and the CSRF check of these paths to this router.
 */
export const CANDIDATE_IMPORT_PATH = /^\/positions\/[^/]+\/candidates\/import\/?$/;
const IMPORT_LIMIT = '2mb';

/**
 * Mounted at /positions/:positionId/candidates. Candidates follow their position: its owner, the
 * managers it is shared with and admins (others 403); panelists have no access here.
 */
export function candidatesRouter(_deps: AppDeps): Router {
  const c = candidatesController();
  const r = Router({ mergeParams: true });
  const managers = requireRole('admin', 'manager');
  const importBody = express.urlencoded({ extended: false, limit: IMPORT_LIMIT, parameterLimit: 10 });

  r.get('/', managers, c.index);
  r.post('/', managers, c.create);
  r.post('/import', importBody, csrf, managers, c.importCsv);
  r.get('/:candidateId', managers, c.show);
  r.post('/:candidateId', managers, c.update);
  r.post('/:candidateId/stage', managers, c.stage);
  return r;
}
