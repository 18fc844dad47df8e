/** Interview pages: a position's interviews with the schedule form, one interview, cancelling, panel changes. */
import type { Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { AppError, ConflictError, ValidationError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { STAGE_LABELS } from '../candidates/candidate.model.js';
import { PANEL_ROLE_LABELS, PANEL_ROLES, phaseOf, STATUS_LABELS } from './interview.model.js';
import {
  cancelForm,
  fieldErrors,
  PANEL_ROWS,
  panelChangeForm,
  rescheduleForm,
  scheduleForm,
} from './interviews.schemas.js';
import * as interviews from './interviews.service.js';
import * as panelChanges from './panel-change.service.js';
import { RESCHEDULE_CLOSED, rescheduleInterview } from './reschedule.service.js';
import { formatTime, utcToLocalInput, zoneFor } from '../../lib/format-time.js';
import { bodyOf } from '../../lib/request-body.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const ids = (req: Request) => ({
  positionId: String(req.params.positionId),
  interviewId: String(req.params.interviewId ?? req.params.id ?? ''),
});
const isFormError = (e: unknown): e is AppError =>
  e instanceof AppError && (e.status === 422 || e.status === 409);
const roleOptions = PANEL_ROLES.map((value) => ({ value, label: PANEL_ROLE_LABELS[value] }));

/** The form's values as typed, with PANEL_ROWS panel rows. */
function formValues(raw: Record<string, unknown>) {
  const given = Array.isArray(raw.panel)
    ? raw.panel
    : raw.panel && typeof raw.panel === 'object'
      ? Object.values(raw.panel)
      : [];
  const panel = Array.from({ length: PANEL_ROWS }, (_, i) => {
    const r = (given[i] ?? {}) as Record<string, unknown>;
    return { user: str(r.user), role: str(r.role) || (i === 0 ? 'chair' : 'member') };
  });
  return {
    candidate: str(raw.candidate),
    scheduledAt: str(raw.scheduledAt),
    location: str(raw.location),
    inviteCandidate: raw.inviteCandidate === 'on',
    panel,
  };
}

export function interviewsController(deps: AppDeps) {
  const mail = { mailer: deps.mailer, baseUrl: deps.config.baseUrl };

  const renderIndex = async (req: Request, res: Response, locals: Record<string, unknown> = {}) => {
    const page = await interviews.schedulePage(ids(req).positionId, req.user!);
    res.render('interviews/index', {
      title: `Interviews: ${page.position.title}`,
      ...page,
      STATUS_LABELS,
      STAGE_LABELS,
      roleOptions,
      noGuideMessage: interviews.NO_PUBLISHED_GUIDE,
      values: formValues({}),
      ...locals,
    });
  };

  const index: RequestHandler = (req, res) => renderIndex(req, res);

  const create: RequestHandler = async (req, res) => {
    const { positionId } = ids(req);
    const raw = bodyOf(req);
    const values = formValues(raw);
    await interviews.schedulePage(positionId, req.user!);
    const parsed = scheduleForm(zoneFor(req.user)).safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return renderIndex(req, res, { values, fields: fieldErrors(parsed.error) });
    }
    try {
      const interview = await interviews.scheduleInterview(positionId, parsed.data, req.user!, mail);
      flash(req, 'success', 'Interview scheduled; the panel has been emailed.');
      res.redirect(303, `/positions/${positionId}/interviews/${interview.id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      await renderIndex(req, res, { values, fields: e.fields ?? {}, error: e.message });
    }
  };

  const renderShow = async (
    req: Request,
    res: Response,
    data: Awaited<ReturnType<typeof interviews.interviewSummary>>,
    locals: Record<string, unknown> = {},
  ) => {
    const { interview, position, manager, onPanel } = data;
    const zone = zoneFor(req.user);
    const [changes, panelists] = manager
      ? await Promise.all([panelChanges.panelChanges(interview._id), interviews.panelistChoices()])
      : [[], []];
    res.render('interviews/show', {
      changes,
      panelists,
      onPanel,
      title: `Interview: ${interview.candidate?.name ?? 'candidate'}`,
      interview,
      position,
      manager,
      STATUS_LABELS,
      PANEL_ROLE_LABELS,
      when: formatTime(interview.scheduledAt, zone),
      canReschedule: manager && phaseOf(interview) === 'scheduled',
      rescheduleValues: {
        scheduledAt: utcToLocalInput(interview.scheduledAt, zone),
        location: interview.location,
        why: '',
      },
      rescheduleFields: {},
      ...locals,
    });
  };

  const show: RequestHandler = async (req, res) => {
    const { positionId, interviewId } = ids(req);
    const { interview, position } = await interviews.findInterview(positionId, interviewId, req.user!);
    await renderShow(req, res, { interview, position, manager: true, onPanel: false });
  };

  const summary: RequestHandler = async (req, res) => {
    await renderShow(req, res, await interviews.interviewSummary(ids(req).interviewId, req.user!));
  };

  const cancel: RequestHandler = async (req, res) => {
    const { positionId, interviewId } = ids(req);
    await interviews.findInterview(positionId, interviewId, req.user!); // 404/403 before 422
    const parsed = cancelForm.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationError('Please correct the reason.', fieldErrors(parsed.error));
    await panelChanges.cancelInterview(positionId, interviewId, req.user!, parsed.data.why, mail);
    flash(req, 'success', 'Interview cancelled; the panel has been emailed.');
    res.redirect(303, `/positions/${positionId}/interviews/${interviewId}`);
  };

  /** Moves an interview nobody has started scoring; bad input re-renders the page with every error. */
  const reschedule: RequestHandler = async (req, res) => {
    const { positionId, interviewId } = ids(req);
    const { interview, position } = await interviews.findInterview(positionId, interviewId, req.user!);
    // 409 before 422: once scoring has started no time can be right.
    if (phaseOf(interview) !== 'scheduled') throw new ConflictError(RESCHEDULE_CLOSED);
    const raw = bodyOf(req);
    const parsed = rescheduleForm(zoneFor(req.user)).safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return renderShow(
        req,
        res,
        { interview, position, manager: true, onPanel: false },
        {
          rescheduleValues: {
            scheduledAt: str(raw.scheduledAt),
            location: str(raw.location),
            why: str(raw.why),
          },
          rescheduleFields: fieldErrors(parsed.error),
          error: 'The interview was not moved: please correct the fields below.',
        },
      );
    }
    await rescheduleInterview(positionId, interviewId, req.user!, parsed.data, mail);
    flash(req, 'success', 'Interview moved; the panel has been emailed an updated calendar invitation.');
    res.redirect(303, `/positions/${positionId}/interviews/${interviewId}`);
  };

  /** Replaces or removes one panelist who has not submitted (see panel-change.service.ts). */
  const changePanel: RequestHandler = async (req, res) => {
    const { positionId, interviewId } = ids(req);
    await interviews.findInterview(positionId, interviewId, req.user!); // 404/403 before 422
    const parsed = panelChangeForm.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ValidationError('Please correct the panel change.', fieldErrors(parsed.error));
    const done = await panelChanges.changePanel(positionId, interviewId, req.user!, parsed.data, mail);
    flash(
      req,
      'success',
      `${done.replaced ? 'Panelist replaced' : 'Panelist removed'}; the panel has been emailed.` +
        (done.revealed ? ' Everyone on the panel has now submitted: the ratings are revealed.' : ''),
    );
    res.redirect(303, `/positions/${positionId}/interviews/${interviewId}`);
  };

  return { index, create, show, summary, cancel, changePanel, reschedule };
}
