/**
 * One-shot messages carried across a redirect (post/redirect/get). Signed-in users keep them in
 * their session; anonymous visitors (after asking for a reset link, signing out...) in a short,
 * signed cookie, because nothing is stored for anonymous visitors (see csrf.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import type { CsrfSettings } from './csrf.js';
import { readCookie, sign, unsign } from './signed-cookies.js';

export type FlashKind = 'success' | 'info' | 'error';
export interface FlashMessage {
  kind: FlashKind;
  text: string;
}

const FLASH_COOKIE = 'cit.flash';
const KINDS = new Set<string>(['success', 'info', 'error']);

function secretOf(req: Request): CsrfSettings {
  return req.app.get('csrf') as CsrfSettings;
}

function fromCookie(req: Request): FlashMessage[] {
  const raw = readCookie(req, FLASH_COOKIE);
  const value = raw ? unsign(secretOf(req).secret, raw) : undefined;
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (m): m is FlashMessage => !!m && KINDS.has(m.kind) && typeof m.text === 'string' && m.text.length < 500,
    );
  } catch {
    return [];
  }
}

export function flash(req: Request, kind: FlashKind, text: string): void {
  if (req.user) {
    req.session.flash = [...(req.session.flash ?? []), { kind, text }];
    return;
  }
  const messages = [...((req.res?.locals.pendingFlash as FlashMessage[] | undefined) ?? []), { kind, text }];
  req.res!.locals.pendingFlash = messages;
  const value = Buffer.from(JSON.stringify(messages)).toString('base64url');
  req.res!.cookie(FLASH_COOKIE, sign(secretOf(req).secret, value), {
    httpOnly: true,
    sameSite: 'lax',
    secure: secretOf(req).secureCookie,
    path: '/',
    maxAge: 60_000,
  });
}

export function flashMessages(req: Request, res: Response, next: NextFunction): void {
  const messages = [...(req.session?.flash ?? []), ...fromCookie(req)];
  if (req.session?.flash) delete req.session.flash;
  if (readCookie(req, FLASH_COOKIE) !== undefined)
    res.clearCookie(FLASH_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
  res.locals.flash = messages;
  next();
}
