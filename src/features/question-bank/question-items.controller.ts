/** One bank item: write by hand, edit, approve, return to draft, archive. */
import type { RequestHandler } from 'express';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { renderBank } from './question-bank.controller.js';
import { editItemForm, fieldErrors, writtenItemForm } from './question-bank.schemas.js';
import * as bank from './question-bank.service.js';
import { loadGeneratorSource } from './generator-source.js';
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

  const editPage = (item: bank.ItemForView, values: Record<string, unknown>, fields = {}) => ({
    title: 'Edit question',
    item,
    values,
    fields,
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
      }),
    );
  };

  const edit: RequestHandler = async (req, res) => {
    const item = await bank.findItem(String(req.params.itemId));
    const parsed = editItemForm.safeParse(bodyOf(req));
    if (!parsed.success)
      return void res
        .status(422)
        .render('question-bank/item-edit', editPage(item, bodyOf(req), fieldErrors(parsed.error)));
    const wasApproved = item.status === 'approved';
    const { changed } = await bank.editItem(item.id, parsed.data, req.user!);
    flash(
      req,
      changed ? 'success' : 'info',
      !changed
        ? 'Nothing changed.'
        : wasApproved
          ? 'Saved. The question is a draft again until a manager approves it.'
          : 'Saved.',
    );
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
