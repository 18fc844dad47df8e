/**
 * What the two public token-link pages (a reference's questionnaire, a candidate's nomination form)
 * share: the token's shape, the one "link not valid" page, the same-origin check that stands in for
 * the session CSRF token, their own body parser and the locals their pages need without a session.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/env.js';
import { ForbiddenError } from '../../lib/errors.js';
import { formatTime, organisationTimeZone } from '../../lib/format-time.js';

/** newToken() makes 32 random bytes in base64url: always 43 characters of that alphabet. */
export const linkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** One text for every dead link, so the page never tells whether a token ever existed. */
export const LINK_INVALID_TITLE = 'This link is not valid';
export const LINK_INVALID =
  'This link is not valid. It may have expired, been used or been replaced; contact the person who sent it to you.';

export function renderInvalidLink(req: Request, res: Response): void {
  res.status(404);
  if (wantsJson(req)) return void res.json({ error: LINK_INVALID, state: 'invalid' });
  res.render('reference-form/invalid', { title: LINK_INVALID_TITLE, message: LINK_INVALID });
}

export const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

/**
 * These pages run before the session middleware (see referenceFormRouter), so they set what the
 * header partial reads themselves: no user, no navigation. The people who open them (references,
 * candidates) deal with the hiring organisation, not with this tool: the header and the page title
 * name the organisation (ORG_NAME). The pages hold a person's answers behind a secret link: no
 * caching, no indexing.
 */
export function publicLocals(orgName: string): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('X-Robots-Tag', 'noindex, nofollow');
    res.locals.appName = orgName;
    res.locals.orgName = orgName;
    res.locals.currentUser = null;
    res.locals.nav = [];
    res.locals.flash = [];
    res.locals.fields = {};
    res.locals.values = {};
    next();
  };
}

/**
 * Refuses a POST whose Origin header names another site. Browsers send Origin on every form and
 * fetch POST, so a page elsewhere cannot make a reference's browser post to their link (it would
 * also need the unguessable token). A missing Origin (old clients, curl) is let through: such a
 * request still has to carry the token. "null" (sandboxed or privacy-redirected contexts) is refused.
 */
export function sameOriginPost(config: Config): RequestHandler {
  const baseOrigin = new URL(config.baseUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (origin === baseOrigin || origin === `${req.protocol}://${req.get('host')}`) return next();
    next(
      new ForbiddenError(
        'This form was sent from another website, so it was not accepted. Open the link from your email and try again.',
      ),
    );
  };
}

/**
 * Flat urlencoded parsing (no qs nesting: keys such as `comment:<question id>` stay as sent, whatever
 * the id holds). The limit fits a questionnaire of many 10,000-character answers, which the app's
 * 100 kB default would refuse; zod then bounds each field.
 */
export const tokenFormBody = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 2000 });

/** `3 December 2026` style, in the organisation's zone (references have no account, so no zone of their own). */
export const longDate = (d: Date) =>
  d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: organisationTimeZone(),
  });

/** The date and time in the organisation's zone, named, for "saved at". */
export const utcTime = (d: Date) => formatTime(d, organisationTimeZone());
