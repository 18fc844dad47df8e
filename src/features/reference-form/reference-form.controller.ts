/** The reference's questionnaire: the page, saves and the submission (form or JSON), declining. */
import type { Request, RequestHandler, Response } from 'express';
import { BadRequestError } from '../../lib/errors.js';
import { mergeDraft, missingForSubmit } from './reference-answers.js';
import { declineForm, pageQuery, readReferenceForm, type TypedValues } from './reference-form.schemas.js';
import * as service from './reference-form.service.js';
import type { LinkState, ReferenceRecord, WriteOutcome } from './reference-form.service.js';
import { pageContext, type PageContext } from './reference-page.js';
import { questionnaireView, type PageOptions } from './reference-form-view.js';
import { renderInvalidLink, wantsJson } from './token-link.js';
import { forgetLink, rememberLink } from './open-links.js';
import { linkLoaders } from './reference-link-loaders.js';

const SAVED_NOTICE = 'Your answers are saved. You can close this page and come back through the same link.';
const NOT_SAVED = 'Your answers were not saved: please correct the fields listed below.';
const SAVED_NOT_SUBMITTED =
  'Your answers are saved but not submitted yet: please complete the fields listed below, then submit.';
const CONFLICT =
  'These answers were saved from another window or device after you opened this page. What you typed here is shown below: save or submit again to keep it instead.';
const CLOSED: Record<'submitted' | 'declined', string> = {
  submitted: 'This reference has already been submitted; nothing was changed.',
  declined: 'You have declined to give this reference; nothing was changed.',
};

type Clock = () => Date;

export function referenceFormController(now: Clock = () => new Date()) {
  const pageUrl = (token: string) => `/r/${token}`;

  const { load, loadPage, loadForWrite } = linkLoaders(now);

  const renderPage = async (
    res: Response,
    ref: ReferenceRecord,
    o: Omit<PageOptions, 'context'>,
    context?: PageContext,
  ) =>
    res.render(
      'reference-form/form',
      questionnaireView(ref, { ...o, context: context ?? (await pageContext(ref)) }),
    );

  const renderDone = (
    res: Response,
    ref: ReferenceRecord,
    state: 'submitted' | 'declined',
    { candidateName }: PageContext,
  ) => {
    res.render(`reference-form/${state === 'submitted' ? 'thanks' : 'declined'}`, {
      title: state === 'submitted' ? 'Thank you' : 'You declined to give a reference',
      candidateName,
      draftKey: String(ref.tokenHash ?? '').slice(0, 16),
    });
  };

  /** A post to a link that no longer takes answers: nothing is written. */
  const closed = (req: Request, res: Response, token: string, state: Exclude<LinkState, 'open'>) => {
    if (state === 'invalid') return renderInvalidLink(req, res);
    if (wantsJson(req)) return void res.status(409).json({ error: CLOSED[state], state });
    res.redirect(303, pageUrl(token));
  };

  /** The form again with the person's text, the problems and (JSON) the same as data. */
  const refuse = async (
    req: Request,
    res: Response,
    ref: ReferenceRecord,
    status: number,
    o: Omit<PageOptions, 'context'> & { typed?: TypedValues },
  ) => {
    res.status(status);
    if (wantsJson(req))
      return void res.json({
        error: o.error,
        ...(o.fields ? { fields: o.fields } : {}),
        rev: o.rev ?? service.revOf(ref),
      });
    await renderPage(res, ref, o);
  };

  const afterWrite = async (
    req: Request,
    res: Response,
    ctx: { token: string; ref: ReferenceRecord },
    outcome: WriteOutcome,
    typed: TypedValues,
  ) => {
    forgetLink(ctx.ref.tokenHash);
    if (outcome.kind === 'closed') return closed(req, res, ctx.token, outcome.state);
    if (outcome.kind === 'conflict') {
      const fresh = outcome.ref;
      return refuse(req, res, fresh, 409, {
        token: ctx.token,
        typed,
        rev: outcome.rev,
        error: CONFLICT,
        unsaved: true,
      });
    }
    throw new Error(`unexpected outcome ${outcome.kind}`);
  };

  /** GET /r/:token */
  const show: RequestHandler = async (req, res) => {
    const ctx = await loadPage(req, res);
    if (!ctx) return;
    if (ctx.state !== 'open') return renderDone(res, ctx.ref, ctx.state, ctx.context);
    const at = now();
    await service.markOpened(ctx.ref, at);
    rememberLink(ctx.ref.status === 'sent' ? { ...ctx.ref, openedAt: ctx.ref.openedAt ?? at } : ctx.ref);
    const query = pageQuery.safeParse(req.query);
    const notice = query.success && query.data.saved ? SAVED_NOTICE : undefined;
    await renderPage(res, ctx.ref, { token: ctx.token, notice }, ctx.context);
  };

  /** POST /r/:token with action=save (also the autosave, as JSON) or action=submit. */
  const save: RequestHandler = async (req, res) => {
    const ctx = await loadForWrite(req, res);
    if (!ctx) return;
    if (ctx.state !== 'open') return closed(req, res, ctx.token, ctx.state);
    const { ref, token } = ctx;
    const q = service.questionnaireOf(ref);
    const read = readReferenceForm(req.body, q);
    if (!read.ok && read.status === 400) throw new BadRequestError(read.message);
    if (!read.ok)
      return refuse(req, res, ref, 422, {
        token,
        typed: read.typed,
        fields: read.fields,
        error: NOT_SAVED,
        unsaved: true,
      });
    const { input, typed } = read;
    if (input.rev !== service.revOf(ref))
      return refuse(req, res, ref, 409, {
        token,
        typed,
        rev: service.revOf(ref),
        error: CONFLICT,
        unsaved: true,
      });

    const at = now();
    const draft = mergeDraft(ref, q, input, at);
    const missing = input.action === 'submit' ? missingForSubmit(q, draft) : {};
    if (input.action === 'submit' && !Object.keys(missing).length) {
      const outcome = await service.submit(
        ref,
        draft,
        input.rev,
        { ip: req.ip, userAgent: req.get('user-agent') },
        at,
      );
      if (outcome.kind !== 'submitted') return afterWrite(req, res, ctx, outcome, typed);
      forgetLink(ref.tokenHash);
      if (wantsJson(req)) return void res.json({ submitted: true, submittedAt: outcome.submittedAt });
      return res.redirect(303, pageUrl(token));
    }

    // A save, or a submission that is not complete yet: either way the text is kept first.
    const outcome = await service.saveDraft(ref, draft, input.rev, at);
    if (outcome.kind !== 'saved') return afterWrite(req, res, ctx, outcome, typed);
    rememberLink(outcome.ref);
    if (input.action === 'submit') {
      // The save answered with the reference as it now stands: no read after the write.
      return refuse(req, res, outcome.ref, 422, {
        token,
        typed,
        fields: missing,
        error: SAVED_NOT_SUBMITTED,
      });
    }
    if (wantsJson(req)) return void res.json({ savedAt: outcome.savedAt, rev: outcome.rev });
    res.redirect(303, `${pageUrl(token)}?saved=1`);
  };

  /** POST /r/:token/decline with an optional reason. */
  const decline: RequestHandler = async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    if (ctx.state !== 'open') return closed(req, res, ctx.token, ctx.state);
    const parsed = declineForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const reason = typeof req.body?.reason === 'string' ? req.body.reason : '';
      const error = parsed.error.issues[0].message;
      return refuse(req, res, ctx.ref, 422, { token: ctx.token, error, decline: { reason, error } });
    }
    const outcome = await service.decline(ctx.ref, parsed.data.reason, now());
    forgetLink(ctx.ref.tokenHash);
    if (outcome.kind === 'closed') return closed(req, res, ctx.token, outcome.state);
    if (wantsJson(req)) return void res.json({ declined: true });
    res.redirect(303, pageUrl(ctx.token));
  };

  return { show, save, decline };
}
