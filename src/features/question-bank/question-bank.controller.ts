/** The question bank page of a competency, the generate page, and saving generated items. */
import type { Request, RequestHandler, Response } from 'express';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { toRows } from '../competencies/form-fields.js';
import { hasRole } from '../users/user.model.js';
import {
  DEFAULT_SCALE_KEY,
  generateFor,
  loadGeneratorSource,
  type GeneratorSource,
} from './generator-source.js';
import {
  fieldErrors,
  generateQuery,
  saveGeneratedForm,
  type GenerateQuery,
} from './question-bank.schemas.js';
import * as bank from './question-bank.service.js';
import {
  STATUS_LABELS,
  generatedColumns,
  groupBank,
  kindOptions,
  scaleOptions,
  type PostedRow,
} from './view-model.js';
import { bodyOf } from '../../lib/request-body.js';

export const canEdit = (req: Request) => hasRole(req.user, 'admin', 'manager');
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** What the generate form shows: the request's values, or the first level and OPM's scale. */
function formValues(source: GeneratorSource, raw: Record<string, unknown>) {
  return {
    level: text(raw.level) || String(source.levels[0]?.value ?? ''),
    scale: text(raw.scale) || DEFAULT_SCALE_KEY,
    jobTitle: text(raw.jobTitle),
    candidateName: text(raw.candidateName),
  };
}

function pageLocals(req: Request, source: GeneratorSource) {
  return {
    c: source.competency,
    framework: source.framework,
    levels: source.levels,
    scaleOptions: scaleOptions(source),
    kindOptions,
    canEdit: canEdit(req),
  };
}

/** The bank page; `extra` carries the write-a-question form's values and messages on a 422. */
export async function renderBank(
  req: Request,
  res: Response,
  source: GeneratorSource,
  extra: Record<string, unknown> = {},
) {
  const items = await bank.listBank(source.competency._id as Types.ObjectId);
  res.render('question-bank/index', {
    title: `Questions: ${source.competency.name}`,
    ...pageLocals(req, source),
    groups: groupBank(source, items),
    total: items.length,
    STATUS_LABELS,
    query: formValues(source, {}),
    values: {},
    ...extra,
  });
}

function renderGenerated(
  req: Request,
  res: Response,
  source: GeneratorSource,
  query: GenerateQuery,
  raw: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const items = generateFor(source, {
    level: query.level,
    scaleKey: query.scale,
    context: { jobTitle: query.jobTitle, candidateName: query.candidateName },
  });
  const posted: PostedRow[] = [];
  for (const row of toRows(raw.items) as (PostedRow & { index?: unknown })[])
    if (row && typeof row === 'object' && /^\d+$/.test(String(row.index))) posted[Number(row.index)] = row;
  res.render('question-bank/generate', {
    title: `Generate: ${source.competency.name}`,
    ...pageLocals(req, source),
    query: formValues(source, raw),
    columns: generatedColumns(items, posted),
    ...extra,
  });
}

export function questionBankController() {
  const show: RequestHandler = async (req, res) => {
    const source = await loadGeneratorSource(String(req.params.id));
    await renderBank(req, res, source);
  };

  const generatePage: RequestHandler = async (req, res) => {
    const source = await loadGeneratorSource(String(req.params.id));
    const raw = req.query as Record<string, unknown>;
    const parsed = generateQuery.safeParse(raw);
    const invalid = (fields: Record<string, string>, error?: string) =>
      res.status(422).render('question-bank/generate', {
        title: `Generate: ${source.competency.name}`,
        ...pageLocals(req, source),
        query: formValues(source, raw),
        columns: null,
        fields,
        error,
      });
    if (!parsed.success) return void invalid(fieldErrors(parsed.error));
    try {
      renderGenerated(req, res, source, parsed.data, raw);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) return void invalid(e.fields ?? {}, e.message);
      throw e;
    }
  };

  const save: RequestHandler = async (req, res) => {
    const source = await loadGeneratorSource(String(req.params.id));
    const raw = bodyOf(req);
    const parsed = saveGeneratedForm.safeParse(raw);
    const invalid = (fields: Record<string, string>, error?: string) => {
      const query = generateQuery.safeParse(raw);
      if (!query.success)
        return void res.status(422).render('question-bank/generate', {
          title: `Generate: ${source.competency.name}`,
          ...pageLocals(req, source),
          query: formValues(source, raw),
          columns: null,
          fields: { ...fields, ...fieldErrors(query.error) },
          error,
        });
      res.status(422);
      renderGenerated(req, res, source, query.data, raw, { fields, error });
    };
    if (!parsed.success) return invalid(fieldErrors(parsed.error));
    try {
      const saved = await bank.saveGenerated(source, parsed.data, req.user!);
      flash(req, 'success', `Saved ${saved.length} ${saved.length === 1 ? 'item' : 'items'} as drafts.`);
      res.redirect(303, `/competencies/${source.competency._id}/questions`);
    } catch (e) {
      if (e instanceof AppError && e.status === 422) return invalid(e.fields ?? {}, e.message);
      throw e;
    }
  };

  return { show, generatePage, save };
}
