/**
 * CSRF protection. Forms carry the token in `_csrf` (views/partials/csrf.ejs); scripts read it from
 * <meta name="csrf-token"> and send it in the `X-CSRF-Token` header.
 *
 * Signed-in users: a synchronizer token kept in their session.
 * Anonymous visitors (sign-in, setup, forgotten password, invitation and reset links): a signed
 * double-submit cookie, so that nothing is stored for them. The cookie `cit.csrf` holds a random
 * nonce (httpOnly, SameSite=Lax, Secure when cookies are); the form's token is the HMAC of that
 * nonce under the session secret. Another site can neither read the cookie nor compute the HMAC.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../lib/errors.js';
import { hmac, readCookie, sameText } from './signed-cookies.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_COOKIE = 'cit.csrf';
const NONCE = /^[A-Za-z0-9_-]{32}$/;

/** What the CSRF check needs from the application; createApp stores it with app.set('csrf', ...). */
export interface CsrfSettings {
  secret: string;
  secureCookie: boolean;
}

export class CsrfError extends AppError {
  constructor() {
    super(
      'This form has expired or was sent from another site. Go back, reload the page and try again.',
      403,
    );
  }
}

function settings(req: Request): CsrfSettings {
  const s = req.app.get('csrf') as CsrfSettings | undefined;
  if (!s) throw new Error('app.set("csrf", { secret, secureCookie }) is missing');
  return s;
}

const tokenForNonce = (secret: string, nonce: string) => hmac(secret, `csrf:${nonce}`);

/** The anonymous visitor's nonce: from the cookie, or a new one sent back with this response. */
function anonymousNonce(req: Request, res: Response): string {
  const sent = readCookie(req, CSRF_COOKIE);
  if (sent && NONCE.test(sent)) return sent;
  const nonce = crypto.randomBytes(24).toString('base64url');
  res.cookie(CSRF_COOKIE, nonce, {
    httpOnly: true,
    sameSite: 'lax',
    secure: settings(req).secureCookie,
    path: '/',
  });
  return nonce;
}

export function csrfToken(req: Request, res: Response): string {
  if (req.user) {
    if (!req.session.csrfToken) req.session.csrfToken = crypto.randomBytes(24).toString('base64url');
    return req.session.csrfToken;
  }
  return tokenForNonce(settings(req).secret, anonymousNonce(req, res));
}

/** The token this request should carry, or undefined when it cannot carry a valid one. */
function expectedToken(req: Request): string | undefined {
  if (req.user) return req.session.csrfToken;
  const nonce = readCookie(req, CSRF_COOKIE);
  return nonce && NONCE.test(nonce) ? tokenForNonce(settings(req).secret, nonce) : undefined;
}

export function csrf(req: Request, res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) {
    res.locals.csrfToken = csrfToken(req, res);
    return next();
  }
  const sent =
    (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : undefined) ?? req.get('x-csrf-token');
  const expected = expectedToken(req);
  if (typeof sent !== 'string' || !expected || !sameText(sent, expected)) return next(new CsrfError());
  // A form re-rendered after this post (422) needs the same token again.
  res.locals.csrfToken = csrfToken(req, res);
  next();
}
