import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireLogin, requireRole } from '../../middleware/auth.js';
import { guideEditingController } from './guide-editing.controller.js';
import { guidesController } from './guides.controller.js';

/**
 * Building a guide follows the position's permissions (owner, managers it is shared with, admins).
 * Published versions (page, print, Word, JSON) are also readable by the panelists listed on the
 * version: interviews will list them; until then panelists have no guide access.
 */
export function guidesRouter(_deps: AppDeps): Router {
  const pages = guidesController();
  const edit = guideEditingController();
  const managers = requireRole('admin', 'manager');
  const r = Router();
  const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);
  for (const name of ['id', 'sid', 'qid'])
    r.param(name, (_req, _res, next, id: string) => next(isId(id) ? undefined : 'route'));

  r.get('/api/guides/:id', requireLogin, pages.api);

  r.post('/positions/:id/guide', managers, pages.create);
  r.get('/guides/:id', managers, pages.show);
  r.post('/guides/:id/publish', managers, edit.publish);
  r.post('/guides/:id/sync', managers, edit.sync);
  r.post('/guides/:id/scale', managers, edit.scale);
  r.post('/guides/:id/instructions', managers, edit.instructions);
  r.post('/guides/:id/order', managers, edit.order);
  r.get('/guides/:id/sections/:sid/add', managers, pages.addPage);
  r.post('/guides/:id/sections/:sid/minutes', managers, edit.minutes);
  r.post('/guides/:id/sections/:sid/move', managers, edit.moveSection);
  r.post('/guides/:id/sections/:sid/questions', managers, edit.addQuestion);
  r.post('/guides/:id/sections/:sid/questions/:qid', managers, edit.editQuestion);
  r.post('/guides/:id/sections/:sid/questions/:qid/remove', managers, edit.removeQuestion);
  r.post('/guides/:id/sections/:sid/questions/:qid/move', managers, edit.moveQuestion);

  r.get('/guides/:id/versions/:version.docx', requireLogin, pages.docx);
  r.get('/guides/:id/versions/:version/print', requireLogin, pages.print);
  r.get('/guides/:id/versions/:version', requireLogin, pages.version);
  return r;
}
