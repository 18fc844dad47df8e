import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { requireRole } from '../../middleware/auth.js';
import { announcementController } from './announcement.controller.js';
import { positionsController } from './positions.controller.js';

/**
 * Positions belong to hiring managers: admins see all, a manager sees their own and those
 * shared with them (others answer 403), panelists have no access (they see guides of the
 * interviews they sit on, through the guide routes).
 */
export function positionsRouter(_deps: AppDeps): Router {
  const pages = positionsController();
  const announcement = announcementController();
  const r = Router();
  const managers = requireRole('admin', 'manager');
  r.param('id', (_req, _res, next, id: string) => next(/^[0-9a-f]{24}$/i.test(id) ? undefined : 'route'));

  r.get('/api/positions/:id', managers, announcement.api);

  r.get('/positions', managers, pages.index);
  r.get('/positions/new', managers, pages.newForm);
  r.post('/positions', managers, pages.create);
  r.get('/positions/:id', managers, pages.show);
  r.get('/positions/:id/edit', managers, pages.edit);
  r.post('/positions/:id', managers, pages.update);
  r.post('/positions/:id/share', managers, pages.share);
  r.post('/positions/:id/unshare', managers, pages.unshare);
  r.get('/positions/:id/announcement', managers, announcement.show);
  r.post('/positions/:id/announcement', managers, announcement.save);
  r.post('/positions/:id/announcement/regenerate', managers, announcement.regenerate);
  return r;
}
