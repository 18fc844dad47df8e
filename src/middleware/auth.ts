/** Guards: who may reach a route. Anonymous users go to the login page; wrong roles get 403. */
import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import { hasRole, type Role } from '../features/users/user.model.js';

/** A path on this site only: no scheme, no host, no protocol-relative or backslash tricks. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\r\n]/.test(value))
    return undefined;
  if (value.startsWith('/login') || value.startsWith('/logout')) return undefined;
  return value;
}

function refuseAnonymous(req: Request, res: Response, next: NextFunction): void {
  if (req.accepts(['html', 'json']) === 'json' || req.path.startsWith('/api/')) {
    next(new UnauthorizedError());
    return;
  }
  const returnTo = req.method === 'GET' ? safeReturnTo(req.originalUrl) : undefined;
  res.redirect(303, returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');
}

export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (!req.user) return refuseAnonymous(req, res, next);
  next();
}

/** Logged in and holding at least one of `roles`. */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.user) return refuseAnonymous(req, res, next);
    if (!hasRole(req.user, ...roles)) return next(new ForbiddenError());
    next();
  };
}
