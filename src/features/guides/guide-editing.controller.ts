/** The builder's forms: add, edit, remove and move questions; sections' minutes and order; scale; instructions; publish. */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { positionView } from '../positions/position-view.js';
import * as editing from './guide-editing.service.js';
import { editQuestion as editGuideQuestion } from './guide-question-editing.js';
import { describeProblem } from '../question-bank/item-quality.js';
import { syncSections } from './guide-sync.js';
import { renderBuilder } from './guides.controller.js';
import { findGuide } from './guides.service.js';
import { publishGuide } from './guide-versions.service.js';
import {
  addQuestionForm,
  fieldErrors,
  instructionsForm,
  minutesForm,
  moveForm,
  orderBody,
  questionEdit,
  scaleForm,
} from './guides.schemas.js';
import { bodyOf } from '../../lib/request-body.js';

const id = (req: Request) => String(req.params.id);
const back = (req: Request, res: Response, anchor = '') => res.redirect(303, `/guides/${id(req)}${anchor}`);
const note = (req: Request, didChange: boolean, text: string) =>
  flash(req, didChange ? 'success' : 'info', didChange ? text : 'Nothing changed.');

/** A 422 on the builder page, with the failed form's values and messages beside it. */
async function invalid(
  req: Request,
  res: Response,
  fields: Record<string, string>,
  error?: string,
  form?: string,
) {
  res.status(422);
  await renderBuilder(req, res, id(req), { fields, error, failedForm: form, values: bodyOf(req) });
}

function rethrowUnless422(e: unknown): asserts e is AppError {
  if (!(e instanceof AppError && e.status === 422)) throw e;
}

export function guideEditingController() {
  const addQuestion: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    const parsed = addQuestionForm.safeParse(bodyOf(req));
    if (!parsed.success) return invalid(req, res, fieldErrors(parsed.error), 'Choose a question to add.');
    try {
      const q = await editing.addQuestion(guide, String(req.params.sid), parsed.data, req.user!);
      flash(req, 'success', 'Question added to the guide.');
      back(req, res, `#q-${q._id}`);
    } catch (e) {
      rethrowUnless422(e);
      return invalid(req, res, e.fields ?? {}, e.message);
    }
  };

  const editQuestion: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    const form = `q-${String(req.params.qid)}`;
    const parsed = questionEdit.safeParse(bodyOf(req));
    if (!parsed.success) return invalid(req, res, fieldErrors(parsed.error), undefined, form);
    let outcome: Awaited<ReturnType<typeof editGuideQuestion>>;
    try {
      outcome = await editGuideQuestion(
        guide,
        String(req.params.sid),
        String(req.params.qid),
        parsed.data,
        req.user!,
      );
    } catch (e) {
      rethrowUnless422(e);
      return invalid(req, res, e.fields ?? {}, e.message, form);
    }
    note(
      req,
      outcome.changed,
      outcome.regenerated
        ? 'Question saved, with its rating guide written again for the new text.'
        : 'Question saved.',
    );
    if (outcome.guideMayBeStale)
      flash(
        req,
        'info',
        'The question’s text changed but its rating guide was written for the old text. Review it, or use “Save and regenerate the rating guide”.',
      );
    if (outcome.problems.length)
      flash(
        req,
        'info',
        `This question fails the quality check, so the guide cannot be published until it is fixed: ${outcome.problems.map((p) => describeProblem('The question', p)).join(' ')}`,
      );
    back(req, res, `#${form}`);
  };

  const removeQuestion: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    await editing.removeQuestion(guide, String(req.params.sid), String(req.params.qid), req.user!);
    flash(req, 'success', 'Question removed from the guide.');
    back(req, res, `#s-${String(req.params.sid)}`);
  };

  const move =
    (what: 'question' | 'section'): RequestHandler =>
    async (req, res) => {
      const { guide } = await findGuide(id(req), req.user!);
      const parsed = moveForm.safeParse(bodyOf(req));
      if (!parsed.success) return invalid(req, res, fieldErrors(parsed.error));
      const dir = parsed.data.direction === 'up' ? -1 : 1;
      const sid = String(req.params.sid);
      const didChange =
        what === 'question'
          ? await editing.moveQuestion(guide, sid, String(req.params.qid), dir, req.user!)
          : await editing.moveSection(guide, sid, dir, req.user!);
      note(req, didChange, what === 'question' ? 'Question moved.' : 'Section moved.');
      back(req, res, what === 'question' ? `#q-${String(req.params.qid)}` : `#s-${sid}`);
    };

  const minutes: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    const sid = String(req.params.sid);
    const parsed = minutesForm.safeParse(bodyOf(req));
    if (!parsed.success) return invalid(req, res, fieldErrors(parsed.error), undefined, `s-${sid}`);
    note(req, await editing.setMinutes(guide, sid, parsed.data.minutes, req.user!), 'Minutes saved.');
    back(req, res, `#s-${sid}`);
  };

  const scale: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    const parsed = scaleForm.safeParse(bodyOf(req));
    if (!parsed.success) return invalid(req, res, fieldErrors(parsed.error), undefined, 'scale');
    try {
      note(req, await editing.setScale(guide, parsed.data.scale, req.user!), 'Rating scale changed.');
      back(req, res, '#scale');
    } catch (e) {
      rethrowUnless422(e);
      return invalid(req, res, e.fields ?? {}, e.message, 'scale');
    }
  };

  const instructions: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    const parsed = instructionsForm.safeParse(bodyOf(req));
    if (!parsed.success) return invalid(req, res, fieldErrors(parsed.error), undefined, 'instructions');
    note(
      req,
      await editing.setInstructions(guide, parsed.data.panelInstructions, req.user!),
      'Panel instructions saved.',
    );
    back(req, res, '#instructions');
  };

  /** Drag and drop (public/js/guide-builder.js): JSON in, JSON out. */
  const order: RequestHandler = async (req, res) => {
    const { guide } = await findGuide(id(req), req.user!);
    const parsed = orderBody.safeParse(bodyOf(req));
    if (!parsed.success)
      throw new AppError(
        'Send the new order as { sections } or { section, questions }.',
        422,
        fieldErrors(parsed.error),
      );
    await editing.reorder(guide, parsed.data, req.user!);
    res.json({ ok: true, status: guide.status, draftVersion: guide.draftVersion });
  };

  const sync: RequestHandler = async (req, res) => {
    const { guide, position } = await findGuide(id(req), req.user!);
    note(
      req,
      await syncSections(guide, await positionView(position), req.user!),
      'Sections updated from the position.',
    );
    back(req, res);
  };

  const publish: RequestHandler = async (req, res) => {
    const { guide, position } = await findGuide(id(req), req.user!);
    try {
      const version = await publishGuide(guide, position, req.user!);
      flash(
        req,
        'success',
        `Version ${version} published. Interviews use this version; edits start version ${version + 1}.`,
      );
      back(req, res, '#versions');
    } catch (e) {
      rethrowUnless422(e);
      return invalid(req, res, e.fields ?? {}, e.message);
    }
  };

  return {
    addQuestion,
    editQuestion,
    removeQuestion,
    moveQuestion: move('question'),
    moveSection: move('section'),
    minutes,
    scale,
    instructions,
    order,
    sync,
    publish,
  };
}
