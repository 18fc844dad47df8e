import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { databaseIsUp } from '../../db/connect.js';
import mongoose from 'mongoose';

/** GET /healthz: JSON with the database status; 200 when usable, 503 when not. */
export function healthRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    const up = await databaseIsUp(mongoose.connection);
    res.status(up ? 200 : 503).json({
      status: up ? 'ok' : 'unavailable',
      database: { status: up ? 'up' : 'down', kind: deps.databaseKind ?? 'mongodb' },
      uptimeSeconds: Math.round(process.uptime()),
    });
  });
  return r;
}
