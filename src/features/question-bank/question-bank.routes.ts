import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireLogin, requireRole } from '../../middleware/auth.js';
import { questionBankController } from './question-bank.controller.js';
import { questionItemsController } from './question-items.controller.js';

/**
 * Mounted at the root, before the competency library (which would otherwise take
 * /competencies/:id/...): every signed-in user reads the bank and generated output;
 * admins and managers save, write, edit, approve and archive.
 */
export function questionBankRouter(_deps: AppDeps): Router {
  const pages = questionBankController();
  const items = questionItemsController();
  const editor = requireRole('admin', 'manager');
  const r = Router();
  const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);
  r.param('id', (_req, _res, next, id: string) => next(isId(id) ? undefined : 'route'));
  r.param('itemId', (_req, _res, next, id: string) => next(isId(id) ? undefined : 'route'));

  r.get('/competencies/:id/questions', requireLogin, pages.show);
  r.get('/competencies/:id/questions/generate', requireLogin, pages.generatePage);
  r.post('/competencies/:id/questions', editor, pages.save);
  r.post('/competencies/:id/questions/new', editor, items.create);

  r.get('/questions/:itemId/edit', editor, items.editForm);
  r.post('/questions/:itemId/edit', editor, items.edit);
  r.post('/questions/:itemId/approve', editor, items.approve);
  r.post('/questions/:itemId/unapprove', editor, items.unapprove);
  r.post('/questions/:itemId/archive', editor, items.archive);
  return r;
}
