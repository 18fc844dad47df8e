/**
 * CSRF protection with a synchronizer token kept in the session. Forms carry it in `_csrf`
 * (views/partials/csrf.ejs); scripts read it from <meta name="csrf-token"> and send it in the
 * `X-CSRF-Token` header.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../lib/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends AppError {
  constructor() {
    super(
      'This form has expired or was sent from another site. Go back, reload the page and try again.',
      403,
    );
  }
}

export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = crypto.randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function csrf(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = csrfToken(req);
  if (SAFE_METHODS.has(req.method)) return next();
  const sent =
    (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : undefined) ?? req.get('x-csrf-token');
  if (typeof sent !== 'string' || !req.session.csrfToken || !same(sent, req.session.csrfToken)) {
    return next(new CsrfError());
  }
  next();
}
