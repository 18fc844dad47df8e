/** The panel board, its live fragments, the consensus forms (HTML or JSON) and the JSON summary. */
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import {
  PANEL_ROLE_LABELS,
  RECOMMENDATIONS,
  RECOMMENDATION_LABELS,
  STATUS_LABELS,
} from '../interviews/interview.model.js';
import { formatTime, zoneFor } from '../../lib/format-time.js';
import { panelContext, sectionOf, type PanelContext } from '../interviews/panel-context.js';
import { buildBoard, summaryJson } from './board.service.js';
import * as consensus from './consensus.service.js';
import { advanceAfterInterview } from '../candidates/candidates.service.js';
import type { Stage } from '../candidates/candidate.model.js';
import {
  consensusForm,
  fieldErrors,
  ratingChangeForm,
  recommendationForm,
  signOffForm,
} from './panel.schemas.js';

const PHASE_LABELS: Record<string, string> = {
  scheduled: 'Scheduled: no ratings yet',
  scoring: 'Scoring: panelists rate independently',
  consensus: 'Consensus: every panelist has submitted',
  complete: 'Complete: signed off and locked',
  cancelled: 'Cancelled',
};

const interviewId = (req: Request) => String(req.params.id);
const wantsJson = (req: Request) => !!req.is('application/json') || req.accepts(['html', 'json']) === 'json';
const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

/** A form's error, shown next to that form when the board is rendered again. */
interface FormError {
  form: string;
  message: string;
  fields: Record<string, string>;
  values: Record<string, unknown>;
}

async function boardLocals(ctx: PanelContext, req: Request, formError?: FormError) {
  const board = await buildBoard(ctx, String(req.user!._id));
  return {
    ctx,
    board,
    interview: ctx.interview,
    position: ctx.position,
    candidate: ctx.candidate,
    me: ctx.me,
    isChair: ctx.isChair,
    manager: ctx.manager,
    when: formatTime(ctx.interview.scheduledAt, zoneFor(req.user)),
    PHASE_LABELS,
    STATUS_LABELS,
    PANEL_ROLE_LABELS,
    recommendations: RECOMMENDATIONS.map((value) => ({ value, label: RECOMMENDATION_LABELS[value] })),
    formError: formError ?? null,
  };
}

export function panelController(options: { stageAfterInterview: Stage | null }) {
  const board: RequestHandler = async (req, res) => {
    const ctx = await panelContext(interviewId(req), req.user!);
    res.render('panel/board', {
      title: `Panel board: ${ctx.candidate?.name ?? 'candidate'}`,
      ...(await boardLocals(ctx, req)),
    });
  };

  /** The board's content without the page around it: what live.js swaps in after an event. */
  const boardContent: RequestHandler = async (req, res) => {
    const ctx = await panelContext(interviewId(req), req.user!);
    res.set('Cache-Control', 'no-store');
    res.render('panel/board-content', await boardLocals(ctx, req));
  };

  /** The panel's progress for the scoring page (no values before the reveal). */
  const panelStatus: RequestHandler = async (req, res) => {
    const ctx = await panelContext(interviewId(req), req.user!);
    res.set('Cache-Control', 'no-store');
    res.render('panel/status', await boardLocals(ctx, req));
  };

  const summary: RequestHandler = async (req, res) => {
    const ctx = await panelContext(interviewId(req), req.user!);
    res.set('Cache-Control', 'no-store');
    res.json(summaryJson(ctx, await buildBoard(ctx, String(req.user!._id))));
  };

  /**
   * A consensus-step form: validate, run, then redirect to the board (forms) or answer with the
   * updated summary (JSON). Form errors re-render the board with the message next to that form.
   */
  function action<S extends z.ZodType>(
    form: (req: Request) => string,
    schema: S,
    run: (ctx: PanelContext, input: z.infer<S>, req: Request) => Promise<string>,
  ): RequestHandler {
    return async (req: Request, res: Response) => {
      const ctx = await panelContext(interviewId(req), req.user!);
      // A section of another guide is not found, whatever the form holds (404 before 422).
      if (req.params.sectionId !== undefined && !sectionOf(ctx.guide, String(req.params.sectionId)))
        throw new NotFoundError('This interview guide has no such competency section.');
      const raw = body(req);
      try {
        const parsed = schema.safeParse(raw);
        if (!parsed.success)
          throw new ValidationError('Please correct the highlighted fields.', fieldErrors(parsed.error));
        const message = await run(ctx, parsed.data, req);
        if (wantsJson(req)) {
          const fresh = await panelContext(interviewId(req), req.user!);
          return void res.json({
            message,
            summary: summaryJson(fresh, await buildBoard(fresh, String(req.user!._id))),
          });
        }
        flash(req, 'success', message);
        res.redirect(303, `/interviews/${ctx.interview._id}/board#${form(req)}`);
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500 || wantsJson(req)) throw e;
        res.status(e.status);
        res.render('panel/board', {
          title: `Panel board: ${ctx.candidate?.name ?? 'candidate'}`,
          ...(await boardLocals(ctx, req, {
            form: form(req),
            message: e.message,
            fields: e.fields ?? {},
            values: raw,
          })),
        });
      }
    };
  }

  const section = (req: Request) => String(req.params.sectionId);
  const changeRating = action(
    (req) => `change-${section(req)}`,
    ratingChangeForm,
    async (ctx, input, req) => {
      await consensus.changeOwnRating(ctx, section(req), input, req.user!._id);
      return 'Your rating was changed; the change is in the audit trail.';
    },
  );
  const recordConsensus = action(
    (req) => `consensus-${section(req)}`,
    consensusForm,
    async (ctx, input, req) => {
      await consensus.recordConsensus(ctx, section(req), input, req.user!._id);
      return 'Consensus rating recorded.';
    },
  );
  const recordRecommendation = action(
    () => 'recommendation',
    recommendationForm,
    async (ctx, input, req) => {
      await consensus.recordRecommendation(ctx, input, req.user!._id);
      return 'Recommendation recorded.';
    },
  );
  const signOff = action(
    () => 'sign-off',
    signOffForm,
    async (ctx, input, req) => {
      const { completed } = await consensus.signOff(ctx, input.consensusRev, req.user!._id);
      if (completed && ctx.candidate)
        await advanceAfterInterview(
          ctx.candidate._id,
          options.stageAfterInterview,
          req.user!,
          `Interview of ${ctx.interview.scheduledAt.toISOString().slice(0, 10)} complete: signed off by the panel.`,
        );
      return completed
        ? 'You signed off. Every panelist has signed off: the interview is complete and locked.'
        : 'You signed off the consensus.';
    },
  );

  return {
    board,
    boardContent,
    panelStatus,
    summary,
    changeRating,
    recordConsensus,
    recordRecommendation,
    signOff,
  };
}
