/** Small cookie helpers for state kept in the browser instead of a session (see csrf.ts, flash.ts). */
import crypto from 'node:crypto';
import type { Request } from 'express';

export function hmac(secret: string, text: string): string {
  return crypto.createHmac('sha256', secret).update(text).digest('base64url');
}

/** Constant-time comparison of two strings. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** One cookie's value from the Cookie header (no cookie-parser: two cookies are all we read). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `value.signature`, or undefined when the signature does not match. */
export function sign(secret: string, value: string): string {
  return `${value}.${hmac(secret, value)}`;
}

export function unsign(secret: string, signed: string): string | undefined {
  const dot = signed.lastIndexOf('.');
  if (dot < 0) return undefined;
  const value = signed.slice(0, dot);
  return sameText(signed.slice(dot + 1), hmac(secret, value)) ? value : undefined;
}
