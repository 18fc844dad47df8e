/** Mounted at /admin/outbox behind requireRole('admin') (see app.ts). */
import { Router } from 'express';
import { outboxController, type OutboxDeps } from './outbox.controller.js';

export function outboxRouter(deps: OutboxDeps): Router {
  const outbox = outboxController(deps);
  const router = Router();
  router.get('/', outbox.index);
  router.get('/:id', outbox.show);
  router.post('/:id/retry', outbox.retry);
  return router;
}
