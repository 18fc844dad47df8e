/** One-shot messages carried across a redirect in the session (post/redirect/get). */
import type { NextFunction, Request, Response } from 'express';

export type FlashKind = 'success' | 'info' | 'error';
export interface FlashMessage {
  kind: FlashKind;
  text: string;
}

export function flash(req: Request, kind: FlashKind, text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

export function flashMessages(req: Request, res: Response, next: NextFunction): void {
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
}
