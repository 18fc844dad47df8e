/** The panelist's scoring page: the page, the no-JavaScript form, autosave (JSON) and submit. */
import type { Request, RequestHandler, Response } from 'express';
import { AppError, ConflictError, ValidationError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import type { PanelContext } from '../interviews/panel-context.js';
import { pointsOf, ratingBody, scoreFieldErrors, scoreForm, submitBody } from './scoring.schemas.js';
import { missingRatings, submitRatings } from './rating-submit.service.js';
import * as scoring from './scoring.service.js';
import { scoringView, type TypedValues } from './scoring-view.js';
import { zoneFor } from '../../lib/format-time.js';
import { bodyOf } from '../../lib/request-body.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const interviewId = (req: Request) => String(req.params.id);
const pageUrl = (id: string) => `/interviews/${id}/score`;
const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';
const isFormError = (e: unknown): e is AppError =>
  e instanceof AppError && (e.status === 422 || e.status === 409);

/** What the form sent per section, as typed, to show again after a refusal. */
function typedFrom(raw: Record<string, unknown>, ctx: PanelContext): TypedValues {
  const sent = raw.ratings && typeof raw.ratings === 'object' ? (raw.ratings as Record<string, unknown>) : {};
  const out: TypedValues = {};
  for (const s of ctx.guide.sections) {
    const v = sent[s.id];
    if (v && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      out[s.id] = { value: str(r.value), note: str(r.note) };
    }
  }
  return out;
}

/** The confirmation step before a submit that locks: each competency's rating and note, to check. */
function renderConfirm(
  res: Response,
  ctx: PanelContext,
  ratings: Map<string, { value?: number | null; note?: string | null }>,
) {
  const points = ctx.guide.ratingScale.points;
  res.render('scoring/confirm', {
    title: `Submit your ratings: ${ctx.candidate?.name ?? 'candidate'}`,
    interviewId: String(ctx.interview._id),
    candidateName: ctx.candidate?.name ?? 'the candidate',
    sections: ctx.guide.sections.map((s) => {
      const r = ratings.get(s.id);
      const p = points.find((x) => x.value === r?.value);
      return { name: s.competencyName, rating: p ? `${p.value} ${p.label}` : '', note: r?.note ?? '' };
    }),
  });
}

export function scoringController() {
  /** Renders the page from fresh data (so a refusal shows the current lock state). */
  const render = async (
    req: Request,
    res: Response,
    locals: Record<string, unknown> = {},
    typed?: TypedValues,
  ) => {
    const { ctx, ratings } = await scoring.scoringPage(interviewId(req), req.user!);
    res.render('scoring/page', { ...scoringView(ctx, ratings, typed, zoneFor(req.user)), ...locals });
  };
  const refuse = (req: Request, res: Response, e: AppError, typed?: TypedValues) => {
    res.status(e.status);
    return render(req, res, { error: e.message, fields: e.fields ?? {} }, typed);
  };

  const page: RequestHandler = (req, res) => render(req, res);

  /** POST /interviews/:id/score: saves every section sent (unchanged ones are left alone), then submits when asked. */
  const saveForm: RequestHandler = async (req, res) => {
    const id = interviewId(req);
    const ctx = await scoring.scoringContext(id, req.user!);
    const raw = bodyOf(req);
    const typed = typedFrom(raw, ctx);
    const locked = scoring.lockedReason(ctx);
    if (locked) return refuse(req, res, new ConflictError(locked));
    const parsed = scoreForm(ctx.guide).safeParse(raw);
    if (!parsed.success)
      return refuse(
        req,
        res,
        new ValidationError('Please correct the highlighted fields.', scoreFieldErrors(parsed.error)),
        typed,
      );

    const stored = await scoring.myRatings(ctx.interview._id, ctx.me!.id);
    try {
      for (const s of ctx.guide.sections) {
        const sent = parsed.data.ratings[s.id];
        if (!sent) continue;
        const before = stored.get(s.id);
        const value =
          sent.value !== undefined && sent.value !== (before?.value ?? null) ? sent.value : undefined;
        const note = sent.note !== (before?.note ?? '') ? sent.note : undefined;
        if (value === undefined && note === undefined) continue;
        await scoring.saveRating(ctx, s.id, { value, note });
      }
      if (parsed.data.action === 'submit' && parsed.data.confirm !== 'yes') {
        // Submitting locks the ratings: a complete form gets a confirmation step first (an
        // incomplete one goes on to submitRatings, which names what is missing).
        const now = await scoring.myRatings(ctx.interview._id, ctx.me!.id);
        if (!missingRatings(ctx.guide, now)) return renderConfirm(res, ctx, now);
      }
      if (parsed.data.action === 'submit') {
        const { revealed } = await submitRatings(ctx);
        flash(req, 'success', submittedMessage(revealed));
      } else flash(req, 'success', 'Your ratings and notes are saved.');
    } catch (e) {
      if (!isFormError(e)) throw e;
      return refuse(req, res, e, e.status === 422 ? typed : undefined);
    }
    res.redirect(303, pageUrl(id));
  };

  /** POST /interviews/:id/ratings/:sectionId (autosave): `{ section, value, note, rev, savedAt }`. */
  const saveJson: RequestHandler = async (req, res) => {
    const ctx = await scoring.scoringContext(interviewId(req), req.user!, { seatOnly: true });
    const sectionId = String(req.params.sectionId);
    scoring.sectionOrThrow(ctx.guide, sectionId);
    const locked = scoring.lockedReason(ctx);
    if (locked) throw new ConflictError(locked);
    const parsed = ratingBody(pointsOf(ctx.guide)).safeParse(req.body);
    if (!parsed.success) {
      const fields = scoreFieldErrors(parsed.error);
      throw new ValidationError(Object.values(fields)[0] ?? 'The rating is not valid.', fields);
    }
    res.json(await scoring.saveRating(ctx, sectionId, parsed.data));
  };

  /** POST /interviews/:id/submit, from a form (redirect, or the page with the problems) or JSON. */
  const submit: RequestHandler = async (req, res) => {
    const id = interviewId(req);
    const ctx = await scoring.scoringContext(id, req.user!);
    const json = wantsJson(req);
    if (!submitBody.safeParse(req.body).success)
      throw new ValidationError('Send an empty request to submit.');
    try {
      const { submittedAt, revealed } = await submitRatings(ctx);
      if (json) return res.json({ submitted: true, submittedAt, revealed });
      flash(req, 'success', submittedMessage(revealed));
      res.redirect(303, pageUrl(id));
    } catch (e) {
      if (json || !isFormError(e)) throw e;
      return refuse(req, res, e);
    }
  };

  return { page, saveForm, saveJson, submit };
}

const submittedMessage = (revealed: boolean) =>
  revealed
    ? 'Your ratings are submitted and locked. Everyone has now submitted: the ratings are revealed on the panel board.'
    : 'Your ratings are submitted and locked. The panel’s ratings are revealed once everyone has submitted.';
