/**
 * A candidate's references page (list with status and signals, add, send, send all, resend,
 * replace, ask the candidate to nominate, answers and ratings per competency) and its JSON twin.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { requestNominations } from './nominations.service.js';
import { candidateRecords } from './candidate-records.js';
import { referenceReport } from './reference-report.js';
import { RELATIONSHIP_LABELS, RELATIONSHIPS } from './reference.model.js';
import { fieldErrors, nominateForm, referenceForm } from './references.schemas.js';
import * as sending from './reference-sending.service.js';
import * as refs from './references.service.js';
import { bodyOf } from '../../lib/request-body.js';
import { formatDay, formatTime, organisationTimeZone } from '../../lib/format-time.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const isFormError = (e: unknown): e is AppError =>
  e instanceof AppError && (e.status === 422 || e.status === 409);
const ids = (req: Request) => ({
  positionId: String(req.params.positionId),
  candidateId: String(req.params.candidateId),
  referenceId: String(req.params.referenceId ?? ''),
});
export const referencesUrl = (positionId: string, candidateId: string) =>
  `/positions/${positionId}/candidates/${candidateId}/references`;
const relationshipOptions = RELATIONSHIPS.map((value) => ({ value, label: RELATIONSHIP_LABELS[value] }));
const referenceValues = (raw: Record<string, unknown>) => ({
  name: str(raw.name),
  email: str(raw.email),
  phone: str(raw.phone),
  relationship: str(raw.relationship),
  organization: str(raw.organization),
});
const day = (d?: Date | null) => (d ? formatDay(d, organisationTimeZone()) : '');
const when = (d?: Date | null) => (d ? formatTime(d, organisationTimeZone()) : '');

export function referencesController(deps: AppDeps) {
  const render = async (req: Request, res: Response, locals: Record<string, unknown> = {}) => {
    const { positionId, candidateId } = ids(req);
    const { position, candidate, records } = await candidateRecords(positionId, candidateId, req.user!);
    const report = await referenceReport(position, candidate, records);
    res.render('references/index', {
      title: `References: ${candidate.name}`,
      report,
      review: report.review,
      base: referencesUrl(positionId, candidateId),
      templateUrl: `/positions/${positionId}/references/template`,
      relationshipOptions,
      linkDays: deps.config.references.linkDays,
      day,
      when,
      failedForm: undefined,
      nominateValues: { wanted: '3' },
      ...locals,
    });
  };

  /** Runs an action; a 422 or 409 re-renders the page with the message, success redirects with a flash. */
  const attempt = async (
    req: Request,
    res: Response,
    action: () => Promise<string>,
    locals: Record<string, unknown> = {},
  ) => {
    let message: string;
    try {
      message = await action();
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      return render(req, res, { ...locals, fields: e.fields ?? {}, error: e.message });
    }
    flash(req, 'success', message);
    const { positionId, candidateId } = ids(req);
    res.redirect(303, referencesUrl(positionId, candidateId));
  };

  const index: RequestHandler = (req, res) => render(req, res);

  const add: RequestHandler = async (req, res) => {
    const { positionId, candidateId } = ids(req);
    const raw = bodyOf(req);
    const values = referenceValues(raw);
    const parsed = referenceForm.safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return render(req, res, { failedForm: 'add', values, fields: fieldErrors(parsed.error) });
    }
    return attempt(
      req,
      res,
      async () => {
        const r = await refs.addReference(positionId, candidateId, parsed.data, req.user!);
        return `${r.name} added. Send the request when you are ready.`;
      },
      { failedForm: 'add', values },
    );
  };

  const send: RequestHandler = (req, res) => {
    const { positionId, candidateId, referenceId } = ids(req);
    return attempt(req, res, async () => {
      const r = await sending.sendReference(positionId, candidateId, referenceId, req.user!, deps);
      return `Request sent to ${r.name}.`;
    });
  };

  const sendAll: RequestHandler = (req, res) => {
    const { positionId, candidateId } = ids(req);
    return attempt(req, res, async () => {
      const n = await sending.sendAllReferences(positionId, candidateId, req.user!, deps);
      return n ? `${n} ${n === 1 ? 'request' : 'requests'} sent.` : 'There was no request left to send.';
    });
  };

  const resend: RequestHandler = (req, res) => {
    const { positionId, candidateId, referenceId } = ids(req);
    return attempt(req, res, async () => {
      const r = await sending.resendReference(positionId, candidateId, referenceId, req.user!, deps);
      return `A new link was sent to ${r.name}; the earlier link no longer works.`;
    });
  };

  const renderReplace = async (req: Request, res: Response, locals: Record<string, unknown> = {}) => {
    const { positionId, candidateId, referenceId } = ids(req);
    const { position, candidate, reference } = await refs.findReference(
      positionId,
      candidateId,
      referenceId,
      req.user!,
    );
    res.render('references/replace', {
      title: `Replace ${reference.name}`,
      position,
      candidate,
      reference,
      base: referencesUrl(positionId, candidateId),
      relationshipOptions,
      values: { name: '', email: '', phone: '', relationship: reference.relationship, organization: '' },
      ...locals,
    });
  };

  const replaceForm: RequestHandler = (req, res) => renderReplace(req, res);

  const replace: RequestHandler = async (req, res) => {
    const { positionId, candidateId, referenceId } = ids(req);
    const raw = bodyOf(req);
    const values = referenceValues(raw);
    const parsed = referenceForm.safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return renderReplace(req, res, { values, fields: fieldErrors(parsed.error) });
    }
    try {
      const { old, created } = await sending.replaceReference(
        positionId,
        candidateId,
        referenceId,
        parsed.data,
        req.user!,
        deps,
      );
      flash(req, 'success', `${old.name} was replaced by ${created.name}, and the request was sent.`);
      res.redirect(303, referencesUrl(positionId, candidateId));
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      await renderReplace(req, res, { values, fields: e.fields ?? {}, error: e.message });
    }
  };

  const nominate: RequestHandler = async (req, res) => {
    const { positionId, candidateId } = ids(req);
    const raw = bodyOf(req);
    const nominateValues = { wanted: str(raw.wanted) };
    const parsed = nominateForm.safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return render(req, res, { failedForm: 'nominate', nominateValues, fields: fieldErrors(parsed.error) });
    }
    return attempt(req, res, async () => {
      await requestNominations(positionId, candidateId, parsed.data.wanted, req.user!, deps);
      return 'The candidate was emailed a link to name their references.';
    });
  };

  const api: RequestHandler = async (req, res) => {
    const candidateId = String(req.params.candidateId);
    const positionId = await refs.positionOfCandidate(candidateId);
    const { position, candidate, records } = await candidateRecords(positionId, candidateId, req.user!);
    res.json(await referenceReport(position, candidate, records));
  };

  return { index, add, send, sendAll, resend, replaceForm, replace, nominate, api };
}
