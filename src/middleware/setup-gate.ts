/** Until the first user exists, every page leads to the one-time setup page. */
import type { NextFunction, Request, Response } from 'express';
import { hasUsers } from '../features/users/users.service.js';

export async function setupGate(req: Request, res: Response, next: NextFunction): Promise<void> {
  if (req.path === '/setup' || (await hasUsers())) return next();
  if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html') return res.redirect(303, '/setup');
  res
    .status(503)
    .json({ error: 'The application is not set up yet: create the first administrator at /setup.' });
}
