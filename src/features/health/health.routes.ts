import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { databaseIsUp, databaseIsWritable } from '../../db/connect.js';
import mongoose from 'mongoose';

/**
 * GET /healthz: JSON with the database status; 200 when usable, 503 when not: unreachable, or
 * reachable but unable to store writes (`writable: false`, e.g. a full disk under the embedded
 * engine; it turns true again by itself once writes succeed).
 */
export function healthRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    const up = await databaseIsUp(mongoose.connection);
    const writable = up && (await databaseIsWritable(mongoose.connection));
    const usable = up && writable;
    res.status(usable ? 200 : 503).json({
      status: usable ? 'ok' : 'unavailable',
      database: { status: up ? 'up' : 'down', kind: deps.databaseKind ?? 'mongodb' },
      writable,
      uptimeSeconds: Math.round(process.uptime()),
    });
  });
  return r;
}
