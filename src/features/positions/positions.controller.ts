/** Position pages: list, new (from scratch or a template), show, edit, share. */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { toRows } from '../competencies/form-fields.js';
import { countCandidates } from '../candidates/candidates.service.js';
import { findGuideSummary } from '../guides/guides.service.js';
import { competencyChoices } from './position-competencies.js';
import { AddRowsError, mergeAddedRows, otherRowProblems } from './position-form-rows.js';
import { positionView, weightText } from './position-view.js';
import { fieldErrors, positionForm, shareForm, unshareForm } from './positions.schemas.js';
import * as positions from './positions.service.js';
import { bodyOf } from '../../lib/request-body.js';

const FORM = 'positions/form';
const REQUIREMENT_OPTIONS = [
  { value: 'required', label: 'Required' },
  { value: 'desired', label: 'Desired' },
];

interface FormRow {
  competency?: unknown;
  requiredLevel?: unknown;
  weight?: unknown;
  weightReason?: unknown;
  requirement?: unknown;
}
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The form's rows as typed (rows without a competency or reason are left out). */
function formValues(values: Record<string, unknown>) {
  const rows = (toRows(values.competencies) as FormRow[]).filter((r) => r && typeof r === 'object');
  const competencies = rows
    .filter((r) => str(r.competency) || str(r.weightReason))
    .map((r) => ({
      competency: str(r.competency),
      requiredLevel: str(r.requiredLevel),
      weight: str(r.weight) || '1',
      weightReason: str(r.weightReason),
      requirement: str(r.requirement) || 'required',
    }));
  return { ...values, competencies };
}

async function renderForm(res: Response, locals: Record<string, unknown>, values: Record<string, unknown>) {
  const shown = formValues(values);
  const listed = new Set(shown.competencies.map((r) => r.competency));
  const choices = await competencyChoices([...listed].filter(Boolean));
  res.render(FORM, {
    choices,
    // The checklist to add several at once: every competency not listed yet, by framework.
    addChoices: choices.filter((c) => !listed.has(c.value)),
    requirementOptions: REQUIREMENT_OPTIONS,
    ...locals,
    values: shown,
  });
}

function isInvalid(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}

export function positionsController() {
  const index: RequestHandler = async (req, res) => {
    res.render('positions/index', {
      title: 'Positions',
      positions: await positions.listPositions(req.user!),
      templates: await positions.listTemplates(),
    });
  };

  const newForm: RequestHandler = async (req, res) => {
    const template = typeof req.query.template === 'string' ? req.query.template : '';
    const values = template ? await positions.templateValues(template) : {};
    await renderForm(res, { title: 'New position', action: '/positions', position: null }, values);
  };

  const save = async (req: Request, res: Response, id?: string) => {
    let raw = bodyOf(req);
    const locals = id
      ? { title: 'Edit position', action: `/positions/${id}`, position: { _id: id } }
      : { title: 'New position', action: '/positions', position: null };
    const invalid = async (fields: Record<string, string>, error?: string) => {
      res.status(422);
      await renderForm(res, { ...locals, fields, error }, raw);
    };
    const existing = id ? await positions.findPosition(id, req.user!) : null;
    const kept = new Set((existing?.competencies ?? []).map((c) => String(c.competency)));
    try {
      raw = mergeAddedRows(raw);
    } catch (e) {
      if (e instanceof AddRowsError) return invalid(e.fields ?? {}, e.message);
      throw e;
    }
    const parsed = positionForm.safeParse(raw);
    if (!parsed.success) return invalid(await otherRowProblems(raw, fieldErrors(parsed.error), kept));
    try {
      const saved = id
        ? await positions.updatePosition(id, parsed.data, req.user!)
        : await positions.createPosition(parsed.data, req.user!);
      const view = await positionView(saved);
      flash(req, 'success', id ? 'Position saved.' : `Position “${saved.title}” created.`);
      if (view.warning) flash(req, 'info', view.warning);
      res.redirect(303, `/positions/${saved.id}`);
    } catch (e) {
      if (isInvalid(e)) return invalid(e.fields ?? {}, e.message);
      throw e;
    }
  };

  const show: RequestHandler = async (req, res) => {
    const position = await positions.findPosition(String(req.params.id), req.user!);
    const view = await positionView(position);
    res.render('positions/show', {
      title: view.title,
      p: view,
      weightText,
      canShare: positions.canShare(position, req.user!),
      guide: await findGuideSummary(position._id),
      candidateCount: await countCandidates(position._id),
    });
  };

  const edit: RequestHandler = async (req, res) => {
    const position = await positions.findPosition(String(req.params.id), req.user!);
    const values = {
      title: position.title,
      classCode: position.classCode ?? '',
      department: position.department ?? '',
      description: position.description ?? '',
      competencies: [...position.competencies]
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
        .map((c) => ({
          competency: String(c.competency),
          requiredLevel: String(c.requiredLevel),
          weight: String(c.weight ?? 1),
          weightReason: c.weightReason ?? '',
          requirement: c.requirement ?? 'required',
        })),
    };
    await renderForm(res, { title: 'Edit position', action: `/positions/${position.id}`, position }, values);
  };

  const share: RequestHandler = async (req, res) => {
    const id = String(req.params.id);
    const parsed = shareForm.safeParse(bodyOf(req));
    try {
      if (!parsed.success) {
        await positions.findPosition(id, req.user!);
        throw new AppError('Enter the email address of a hiring manager.', 422, fieldErrors(parsed.error));
      }
      const { user } = await positions.sharePosition(id, parsed.data.email, req.user!);
      flash(req, 'success', `Shared with ${user.name}.`);
      res.redirect(303, `/positions/${id}`);
    } catch (e) {
      if (!isInvalid(e)) throw e;
      const position = await positions.findPosition(id, req.user!);
      res.status(422).render('positions/show', {
        title: position.title,
        p: await positionView(position),
        weightText,
        canShare: positions.canShare(position, req.user!),
        guide: await findGuideSummary(position._id),
        candidateCount: await countCandidates(position._id),
        fields: e.fields ?? { email: e.message },
        values: bodyOf(req),
      });
    }
  };

  const unshare: RequestHandler = async (req, res) => {
    const parsed = unshareForm.safeParse(bodyOf(req));
    if (!parsed.success) {
      // Someone without access to the position learns nothing from a malformed post: 403 first.
      await positions.findPosition(String(req.params.id), req.user!);
      throw new AppError('Choose a person to stop sharing with.', 422);
    }
    await positions.unsharePosition(String(req.params.id), parsed.data.user, req.user!);
    flash(req, 'success', 'No longer shared with that person.');
    res.redirect(303, `/positions/${String(req.params.id)}`);
  };

  return {
    index,
    newForm,
    create: ((req, res) => save(req, res)) as RequestHandler,
    show,
    edit,
    update: ((req, res) => save(req, res, String(req.params.id))) as RequestHandler,
    share,
    unshare,
  };
}
