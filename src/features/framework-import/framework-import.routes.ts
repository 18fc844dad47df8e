/**
 * Document import (issue 15): upload or paste a competency model, review the draft beside the
 * source, save it as a new framework. Admins and managers only; a draft is its owner's alone.
 * The upload and the parse API take large bodies, so app.ts leaves their parsing and the CSRF
 * check to this router (DOCUMENT_UPLOAD_PATHS).
 */
import express, { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireRole } from '../../middleware/auth.js';
import { csrf } from '../../middleware/csrf.js';
import { multipartBody } from '../../lib/multipart.js';
import { MAX_UPLOAD_BYTES, PayloadTooLargeError } from './extract.js';
import { frameworkImportController } from './framework-import.controller.js';

export const DOCUMENT_UPLOAD_PATHS = ['/framework-import', '/api/frameworks/parse'];

export function frameworkImportRouter(_deps: AppDeps): Router {
  const c = frameworkImportController();
  const r = Router();
  const editors = requireRole('admin', 'manager');
  const textJson = express.json({ limit: MAX_UPLOAD_BYTES });
  const json: express.RequestHandler = (req, res, next) =>
    textJson(req, res, (err?: unknown) =>
      next((err as { type?: string })?.type === 'entity.too.large' ? new PayloadTooLargeError() : err),
    );
  const upload = () =>
    multipartBody({ maxFileBytes: MAX_UPLOAD_BYTES, tooLarge: () => new PayloadTooLargeError() });
  const pasted = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 10 });

  r.get('/framework-import', editors, c.showUpload);
  r.post('/framework-import', editors, upload(), pasted, csrf, c.upload);
  r.get('/framework-import/drafts/:draftId', editors, c.review);
  r.post('/framework-import/drafts/:draftId/assign', editors, c.assign);
  r.post('/framework-import/drafts/:draftId/rename', editors, c.rename);
  r.post('/framework-import/drafts/:draftId/merge', editors, c.merge);
  r.post('/framework-import/drafts/:draftId/level', editors, c.level);
  r.post('/framework-import/drafts/:draftId/framework', editors, c.name);
  r.post('/framework-import/drafts/:draftId/save', editors, c.save);
  r.post('/framework-import/drafts/:draftId/discard', editors, c.discard);
  r.post('/api/frameworks/parse', editors, upload(), json, csrf, c.parseApi);
  return r;
}
