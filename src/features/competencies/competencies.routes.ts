import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireLogin, requireRole } from '../../middleware/auth.js';
import { competenciesController } from './competencies.controller.js';
import { competencyEditingController } from './competency-editing.controller.js';
import { findCompetency, findFramework } from './competency-editing.service.js';
import { frameworkEditingController } from './framework-editing.controller.js';
import { assertMayChange } from './library-access.js';

/** Seeded frameworks and their competencies are changed by admins only (managers clone them). */
const seededByAdmin =
  (frameworkOf: (id: string) => Promise<{ origin?: string | null }>): RequestHandler =>
  async (req, _res, next) => {
    assertMayChange(await frameworkOf(String(req.params.id)), req.user);
    next();
  };
const frameworkChange = seededByAdmin(findFramework);
const competencyChange = seededByAdmin(async (id) =>
  findFramework(String((await findCompetency(id)).framework)),
);

/**
 * Mounted at /competencies: every signed-in user reads; admins and managers edit, except seeded
 * frameworks and their competencies, which only admins change (anyone who edits may clone them).
 */
export function competenciesRouter(_deps: AppDeps): Router {
  const read = competenciesController();
  const fw = frameworkEditingController();
  const comp = competencyEditingController();
  const editor = requireRole('admin', 'manager');
  const r = Router();
  r.use(requireLogin);
  // Paths that are not ids (e.g. /competencies/import) belong to other routers; unknown ids answer 404.
  r.param('id', (_req, _res, next, id: string) => next(/^[0-9a-f]{24}$/i.test(id) ? undefined : 'route'));

  r.get('/', read.home);
  r.get('/search', read.search);

  r.get('/frameworks/new', editor, fw.newForm);
  r.post('/frameworks', editor, fw.create);
  r.get('/frameworks/:id', read.framework);
  r.get('/frameworks/:id/edit', editor, frameworkChange, fw.edit);
  r.post('/frameworks/:id', editor, frameworkChange, fw.update);
  r.get('/frameworks/:id/clone', editor, fw.cloneForm);
  r.post('/frameworks/:id/clone', editor, fw.clone);
  r.post('/frameworks/:id/archive', editor, frameworkChange, fw.archive);
  r.post('/frameworks/:id/restore', editor, frameworkChange, fw.restore);
  r.get('/frameworks/:id/competencies/new', editor, frameworkChange, comp.newForm);
  r.post('/frameworks/:id/competencies', editor, frameworkChange, comp.create);

  r.get('/:id', read.competency);
  r.get('/:id/edit', editor, competencyChange, comp.edit);
  r.post('/:id', editor, competencyChange, comp.update);
  r.get('/:id/clone', editor, comp.cloneForm);
  r.post('/:id/clone', editor, comp.clone);
  r.post('/:id/archive', editor, competencyChange, comp.archive);
  r.post('/:id/restore', editor, competencyChange, comp.restore);
  return r;
}
