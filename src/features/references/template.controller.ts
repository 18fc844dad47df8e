/** The position's reference questionnaire page: edit, add, move, remove questions; regenerate; review; confidentiality. */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { CONFIDENTIALITY_MODES } from './reference-template.model.js';
import * as templates from './reference-template.service.js';
import {
  addItemForm,
  confidentialityForm,
  editItemForm,
  fieldErrors,
  moveForm,
  reviewForm,
} from './references.schemas.js';
import { markReviewed } from './template-review.service.js';
import { bodyOf } from '../../lib/request-body.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const isFormError = (e: unknown): e is AppError =>
  e instanceof AppError && (e.status === 422 || e.status === 409);
const positionId = (req: Request) => String(req.params.positionId);
const itemId = (req: Request) => String(req.params.itemId);
export const templateUrl = (id: string) => `/positions/${id}/references/template`;

const MODE_LABELS: Record<(typeof CONFIDENTIALITY_MODES)[number], string> = {
  individual: 'Show each reference’s answers to the hiring team',
  aggregate: 'Show only aggregates, and only once enough references have answered',
};

/** The anchor of a part's or a section's add form. */
export const addFormId = (part: string, competency?: string) =>
  `add-${part}${competency ? `-${competency}` : ''}`;

export function templateController() {
  const render = async (req: Request, res: Response, locals: Record<string, unknown> = {}) => {
    const page = await templates.templatePage(positionId(req), req.user!);
    res.render('references/template', {
      title: `Reference questionnaire: ${page.position.title}`,
      ...page,
      modes: CONFIDENTIALITY_MODES.map((value) => ({ value, label: MODE_LABELS[value] })),
      addFormId,
      failedForm: undefined,
      ...locals,
    });
  };

  /** Runs a change; a 422 or 409 re-renders the page with the message beside `failedForm`. */
  const attempt = async (
    req: Request,
    res: Response,
    failedForm: string,
    values: Record<string, unknown>,
    change: () => Promise<unknown>,
    done: { message: string | (() => string); anchor?: string },
  ) => {
    try {
      await change();
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      return render(req, res, { failedForm, values, fields: e.fields ?? {}, error: e.message });
    }
    flash(req, 'success', typeof done.message === 'function' ? done.message() : done.message);
    res.redirect(303, `${templateUrl(positionId(req))}${done.anchor ? `#${done.anchor}` : ''}`);
  };

  const refuse = (req: Request, res: Response, failedForm: string, values: object, fields: object) => {
    res.status(422);
    return render(req, res, { failedForm, values, fields });
  };

  const page: RequestHandler = (req, res) => render(req, res);

  const regenerate: RequestHandler = (req, res) =>
    attempt(req, res, 'regenerate', {}, () => templates.regenerate(positionId(req), req.user!), {
      message:
        'The questions were generated again. Read them, then mark them reviewed before sending requests.',
    });

  const review: RequestHandler = async (req, res) => {
    const parsed = reviewForm.safeParse(bodyOf(req));
    if (!parsed.success) return refuse(req, res, 'review', {}, fieldErrors(parsed.error));
    let message = 'Questionnaire marked reviewed: requests can now be sent.';
    return attempt(
      req,
      res,
      'review',
      {},
      async () => {
        const outcome = await markReviewed(positionId(req), parsed.data.rev, req.user!);
        if (outcome.already) message = 'These questions were already marked reviewed.';
      },
      { message: () => message, anchor: 'review' },
    );
  };

  const editItem: RequestHandler = async (req, res) => {
    const id = itemId(req);
    const raw = bodyOf(req);
    const values = { text: str(raw.text) };
    const parsed = editItemForm.safeParse(raw);
    if (!parsed.success) return refuse(req, res, `q-${id}`, values, fieldErrors(parsed.error));
    return attempt(
      req,
      res,
      `q-${id}`,
      values,
      () => templates.editItem(positionId(req), id, parsed.data.text, req.user!),
      {
        message: 'Question saved.',
        anchor: `q-${id}`,
      },
    );
  };

  const addItem: RequestHandler = async (req, res) => {
    const raw = bodyOf(req);
    const values = { part: str(raw.part), competency: str(raw.competency), text: str(raw.text) };
    const form = addFormId(values.part, values.competency);
    const parsed = addItemForm.safeParse(raw);
    if (!parsed.success) return refuse(req, res, form, values, fieldErrors(parsed.error));
    return attempt(req, res, form, values, () => templates.addItem(positionId(req), parsed.data, req.user!), {
      message: 'Question added.',
      anchor: form,
    });
  };

  const moveItem: RequestHandler = async (req, res) => {
    const id = itemId(req);
    const parsed = moveForm.safeParse(bodyOf(req));
    if (!parsed.success) return refuse(req, res, `q-${id}`, {}, fieldErrors(parsed.error));
    return attempt(
      req,
      res,
      `q-${id}`,
      {},
      () => templates.moveItem(positionId(req), id, parsed.data.direction, req.user!),
      { message: 'Question moved.', anchor: `q-${id}` },
    );
  };

  const removeItem: RequestHandler = (req, res) =>
    attempt(
      req,
      res,
      `q-${itemId(req)}`,
      {},
      () => templates.removeItem(positionId(req), itemId(req), req.user!),
      {
        message: 'Question removed.',
      },
    );

  const confidentiality: RequestHandler = async (req, res) => {
    const raw = bodyOf(req);
    const values = { mode: str(raw.mode), minResponses: str(raw.minResponses) };
    const parsed = confidentialityForm.safeParse(raw);
    if (!parsed.success) return refuse(req, res, 'confidentiality', values, fieldErrors(parsed.error));
    return attempt(
      req,
      res,
      'confidentiality',
      values,
      () => templates.setConfidentiality(positionId(req), parsed.data, req.user!),
      { message: 'Confidentiality saved.', anchor: 'confidentiality' },
    );
  };

  return { page, regenerate, review, editItem, addItem, moveItem, removeItem, confidentiality };
}
