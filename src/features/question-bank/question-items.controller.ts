/** One bank item: write by hand, edit, approve, return to draft, archive. */
import type { RequestHandler } from 'express';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { renderBank } from './question-bank.controller.js';
import { editItemForm, fieldErrors, writtenItemForm } from './question-bank.schemas.js';
import * as bank from './question-bank.service.js';
import { loadGeneratorSource } from './generator-source.js';
import { editItem } from './item-editing.service.js';
import { describeProblem, itemProblems } from './item-quality.js';
import { toRows } from '../competencies/form-fields.js';
import { ITEM_KIND_LABELS, STATUS_LABELS } from './view-model.js';
import { bodyOf } from '../../lib/request-body.js';

const bankUrl = (item: { competency: unknown }) => `/competencies/${String(item.competency)}/questions`;
const joined = (v: string[] | undefined | null) => (v ?? []).join('\n');

export function questionItemsController() {
  const create: RequestHandler = async (req, res) => {
    const source = await loadGeneratorSource(String(req.params.id));
    const raw = bodyOf(req);
    const invalid = (fields: Record<string, string>) =>
      renderBank(req, res.status(422), source, { values: raw, fields, openNewForm: true });
    const parsed = writtenItemForm.safeParse(raw);
    if (!parsed.success) return invalid(fieldErrors(parsed.error));
    try {
      const item = await bank.createWritten(source, parsed.data, req.user!);
      flash(req, 'success', 'Question saved as a draft.');
      res.redirect(303, `${bankUrl(item)}#item-${item.id}`);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) return invalid(e.fields ?? { form: e.message });
      throw e;
    }
  };

  /** The edit page; `problems` are the quality-gate findings on the stored item, named by part. */
  const editPage = (
    item: bank.ItemForView,
    values: Record<string, unknown>,
    fields: Record<string, string> = {},
    error?: string,
  ) => ({
    title: 'Edit question',
    item,
    values: { ...values, guide: toRows(values.guide).map((x) => (typeof x === 'string' ? x : '')) },
    fields,
    error,
    problems: itemProblems(item).map((p) => describeProblem('This item', p)),
    ITEM_KIND_LABELS,
    STATUS_LABELS,
  });

  const editForm: RequestHandler = async (req, res) => {
    const item = await bank.findItem(String(req.params.itemId));
    const p = item.probes;
    res.render(
      'question-bank/item-edit',
      editPage(item, {
        text: item.text,
        situation: joined(p?.situation),
        action: joined(p?.action),
        result: joined(p?.result),
        guide: (item.ratingGuide ?? []).map((g) => g.description ?? ''),
        weak: item.sampleAnswers?.weak,
        acceptable: item.sampleAnswers?.acceptable,
        strong: item.sampleAnswers?.strong,
      }),
    );
  };

  const edit: RequestHandler = async (req, res) => {
    const item = await bank.findItem(String(req.params.itemId));
    const raw = bodyOf(req);
    const invalid = (fields: Record<string, string>, error?: string) =>
      void res.status(422).render('question-bank/item-edit', editPage(item, raw, fields, error));
    const parsed = editItemForm.safeParse(raw);
    if (!parsed.success) return invalid(fieldErrors(parsed.error));
    const wasApproved = item.status === 'approved';
    let outcome: Awaited<ReturnType<typeof editItem>>;
    try {
      outcome = await editItem(item.id, parsed.data, req.user!);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) return invalid(e.fields ?? {}, e.message);
      throw e;
    }
    const { changed, regenerated, guideMayBeStale, problems } = outcome;
    const saved = regenerated ? 'Saved, with the rating guide written again for the new text.' : 'Saved.';
    flash(
      req,
      changed ? 'success' : 'info',
      !changed
        ? 'Nothing changed.'
        : wasApproved
          ? `${saved} The question is a draft again until a manager approves it.`
          : saved,
    );
    if (guideMayBeStale)
      flash(
        req,
        'info',
        'The question’s text changed but its rating guide was written for the old text. Review it, or use “Save and regenerate the rating guide”.',
      );
    if (problems.length || guideMayBeStale) {
      // Saved, but shown where it can be fixed: guides refuse to publish these texts.
      flash(
        req,
        'info',
        `${problems.length === 1 ? 'One text fails' : `${problems.length} texts fail`} the quality check; interview guides cannot be published with ${problems.length === 1 ? 'it' : 'them'}: ${problems.map((p) => describeProblem('This item', p)).join(' ')}`,
      );
      return res.redirect(303, `/questions/${item.id}/edit`);
    }
    res.redirect(303, `${bankUrl(item)}#item-${item.id}`);
  };

  const status =
    (to: 'draft' | 'approved' | 'archived', message: string): RequestHandler =>
    async (req, res) => {
      const item = await bank.setStatus(String(req.params.itemId), to, req.user!);
      flash(req, 'success', message);
      res.redirect(303, `${bankUrl(item)}${to === 'archived' ? '' : `#item-${item.id}`}`);
    };

  return {
    create,
    editForm,
    edit,
    approve: status('approved', 'Approved: interview guides can use this question.'),
    unapprove: status('draft', 'Returned to draft.'),
    archive: status('archived', 'Archived: the question no longer appears in the bank.'),
  };
}
