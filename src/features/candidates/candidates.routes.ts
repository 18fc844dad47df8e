import express, { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireRole } from '../../middleware/auth.js';
import { csrf } from '../../middleware/csrf.js';
import { multipartBody } from '../../lib/multipart.js';
import { candidatesController } from './candidates.controller.js';
import { CsvFileTooLargeError, MAX_CSV_FILE_BYTES } from './csv-file.js';

/**
 * The import route parses its own body (a CSV of 2,000 rows outgrows the app's 100 kB form limit;
 * the form is multipart when it carries a .csv file), so app.ts leaves parsing and the CSRF check
 * of these paths to this router. The CSRF token of a multipart form is one of its fields, so the
 * check runs once the body is read.
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
  // A pasted CSV may ride along in the multipart form (refused later when a file comes too).
  const importFile = multipartBody({
    maxFileBytes: MAX_CSV_FILE_BYTES,
    maxFieldBytes: 2 * 1024 * 1024,
    tooLarge: () => new CsvFileTooLargeError(),
  });

  r.get('/', managers, c.index);
  r.post('/', managers, c.create);
  r.post('/import', importFile, importBody, csrf, managers, c.importCsv);
  r.get('/:candidateId', managers, c.show);
  r.post('/:candidateId', managers, c.update);
  r.post('/:candidateId/stage', managers, c.stage);
  return r;
}
