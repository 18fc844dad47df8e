/**
 * `Cache-Control: no-store` on every dynamic answer: pages, JSON, downloads, errors and the token
 * links. Signed-in pages show ratings, references and notes, which must not stay in a shared or
 * browser cache after sign-out; anonymous pages carry CSRF tokens and secret links. Static files
 * (mounted before this) keep their own caching.
 */
import type { NextFunction, Request, Response } from 'express';

export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  next();
}
