import { Router } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { nominationController } from './nomination.controller.js';
import { referenceFormController } from './reference-form.controller.js';
import { publicLocals, sameOriginPost, tokenFormBody } from './token-link.js';

/**
 * The public token-link pages: a reference's questionnaire (/r/:token) and a candidate's nomination
 * form (/n/:token). No account and no session: app.ts mounts this router before the body parsers,
 * the session and the CSRF middleware, and it answers only these exact paths (anything else falls
 * through to the rest of the app untouched).
 *
 * Why no session CSRF token: the person has no account, and a session that expires while they write
 * (a long questionnaire, a tab left open overnight) would turn their submission into a CSRF refusal
 * and lose the text. The token in the URL is unguessable (256 bits) and is what a forger would have
 * to know; the Referrer-Policy (same-origin) keeps it out of other sites' logs. Cross-site posts are
 * still refused by the Origin check (sameOriginPost). Every route is rate-limited per address.
 */
export function referenceFormRouter(deps: AppDeps): Router {
  const references = referenceFormController();
  const nominations = nominationController(deps);
  const pub = publicLocals(deps.config.orgName);
  const limit = deps.limits.tokenLinks;
  const origin = sameOriginPost(deps.config);
  const r = Router();
  r.get('/r/:token', pub, limit, references.show);
  r.post('/r/:token', pub, limit, origin, tokenFormBody, references.save);
  r.post('/r/:token/decline', pub, limit, origin, tokenFormBody, references.decline);
  r.get('/n/:token', pub, limit, nominations.show);
  r.post('/n/:token', pub, limit, origin, tokenFormBody, nominations.submit);
  return r;
}
