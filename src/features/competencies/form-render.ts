/** Shared by the editing controllers: re-render a form with 422 for a service's field messages. */
import type { Response } from 'express';
import { AppError } from '../../lib/errors.js';

export function renderInvalid(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  e: unknown,
): void {
  if (e instanceof AppError && e.status === 422 && e.fields) {
    return void res.status(422).render(view, { ...locals, fields: e.fields });
  }
  throw e;
}
