/**
 * How the reference link's handlers find the reference behind a token: read it (with the page's
 * heading, for the page), or, for a save or the submission, take the copy this process holds at
 * the revision the post names (open-links.ts). Each answers `null` when the link is dead, having
 * sent the one dead-link page.
 */
import type { Request, Response } from 'express';
import { hashToken } from '../../lib/passwords.js';
import { forgetLink, recallLink } from './open-links.js';
import * as service from './reference-form.service.js';
import type { ReferenceRecord } from './reference-form.service.js';
import { findPageByToken } from './reference-page.js';
import { linkToken, renderInvalidLink } from './token-link.js';

export function linkLoaders(now: () => Date) {
  /** The token's reference and what its link shows; `null` when the link is dead (page already sent). */
  const load = async (req: Request, res: Response) => {
    const token = linkToken.safeParse(req.params.token);
    // A malformed token is never looked up.
    const ref = token.success ? await service.findByToken(token.data) : null;
    return settle(req, res, token.data, ref);
  };

  const settle = (req: Request, res: Response, token: string | undefined, ref: ReferenceRecord | null) => {
    const state = service.linkState(ref, now());
    if (state === 'invalid') {
      renderInvalidLink(req, res);
      return null;
    }
    if (state !== 'open') forgetLink(ref!.tokenHash);
    return { token: token!, ref: ref!, state };
  };

  /** The page: the reference and its heading in one read. */
  const loadPage = async (req: Request, res: Response) => {
    const token = linkToken.safeParse(req.params.token);
    const found = token.success ? await findPageByToken(token.data) : null;
    const ctx = settle(req, res, token.data, found?.ref ?? null);
    return ctx && { ...ctx, context: found!.context };
  };

  /**
   * A save or the submission: the reference as this process last saw it when the post names that
   * draft revision (open-links.ts: the conditional write catches a stale one), else read.
   */
  const loadForWrite = async (req: Request, res: Response) => {
    const token = linkToken.safeParse(req.params.token);
    const rev = typeof req.body?.rev === 'string' ? Number(req.body.rev) : NaN;
    const known = token.success ? recallLink(hashToken(token.data)) : undefined;
    if (known && service.revOf(known) === rev && service.linkState(known, now()) === 'open')
      return { token: token.data!, ref: known, state: 'open' as const };
    return load(req, res);
  };

  return { load, loadPage, loadForWrite };
}
