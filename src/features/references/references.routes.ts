import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireRole } from '../../middleware/auth.js';
import { referencesController } from './references.controller.js';
import { templateController } from './template.controller.js';

/**
 * Reference checks, manager side. Everything follows the position's permissions (its owner, the
 * managers it is shared with, admins; other managers and panelists 403; anonymous to the login).
 * The reference's and the candidate's token pages (/r/:token, /n/:token) live in reference-form.
 */
export function referencesRouter(deps: AppDeps): Router {
  const t = templateController();
  const c = referencesController(deps);
  const managers = requireRole('admin', 'manager');
  const r = Router();
  const template = '/positions/:positionId/references/template';
  const base = '/positions/:positionId/candidates/:candidateId/references';

  r.get(template, managers, t.page);
  r.post(`${template}/regenerate`, managers, t.regenerate);
  r.post(`${template}/review`, managers, t.review);
  r.post(`${template}/confidentiality`, managers, t.confidentiality);
  r.post(`${template}/items`, managers, t.addItem);
  r.post(`${template}/items/:itemId`, managers, t.editItem);
  r.post(`${template}/items/:itemId/move`, managers, t.moveItem);
  r.post(`${template}/items/:itemId/remove`, managers, t.removeItem);

  r.get(base, managers, c.index);
  r.post(base, managers, c.add);
  r.post(`${base}/send-all`, managers, c.sendAll);
  r.post(`${base}/nominate`, managers, c.nominate);
  r.post(`${base}/:referenceId/send`, managers, c.send);
  r.post(`${base}/:referenceId/resend`, managers, c.resend);
  r.get(`${base}/:referenceId/replace`, managers, c.replaceForm);
  r.post(`${base}/:referenceId/replace`, managers, c.replace);

  r.get('/api/candidates/:candidateId/references', managers, c.api);
  return r;
}
