/** Editing pages for competencies: new, edit, clone, archive and restore. */
import type { RequestHandler, Response } from 'express';
import { flash } from '../../middleware/flash.js';
import { cloneCompetencyForm, competencyForm, fieldErrors } from './competencies.schemas.js';
import * as editing from './competency-editing.service.js';
import {
  valuesFromBody,
  valuesFromCompetency,
  withBlankRows,
  type CompetencyFormValues,
} from './competency-form.js';
import { COMPETENCY_KINDS } from './framework-file.schema.js';
import { renderInvalid } from './form-render.js';
import { KIND_LABELS, listScales } from './library.service.js';
import { viewHelpers } from './view-helpers.js';
import { bodyOf } from '../../lib/request-body.js';

const kindOptions = COMPETENCY_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));
const FORM = 'competencies/competency-form';

async function formLocals(
  extra: { title: string; action: string; values: CompetencyFormValues } & Record<string, unknown>,
) {
  const scales = await listScales();
  return { ...viewHelpers, kindOptions, scales, ...extra, values: withBlankRows(extra.values, scales) };
}

function invalidForm(res: Response, locals: Record<string, unknown>, fields: Record<string, string>) {
  res.status(422).render(FORM, { ...locals, fields });
}

export function competencyEditingController() {
  const newForm: RequestHandler = async (req, res) => {
    const framework = await editing.findFramework(String(req.params.id));
    editing.assertOpen(framework);
    const values = valuesFromCompetency({ kind: 'behavioral' });
    res.render(
      FORM,
      await formLocals({
        title: 'New competency',
        action: `/competencies/frameworks/${framework.id}/competencies`,
        values,
        framework,
        competency: null,
      }),
    );
  };

  const create: RequestHandler = async (req, res) => {
    const framework = await editing.findFramework(String(req.params.id));
    editing.assertOpen(framework);
    const locals = await formLocals({
      title: 'New competency',
      action: `/competencies/frameworks/${framework.id}/competencies`,
      values: valuesFromBody(bodyOf(req)),
      framework,
      competency: null,
    });
    const parsed = competencyForm.safeParse(bodyOf(req));
    if (!parsed.success) return invalidForm(res, locals, fieldErrors(parsed.error));
    try {
      const competency = await editing.createCompetency(framework.id, parsed.data.data, req.user!);
      flash(req, 'success', `Competency “${competency.name}” created.`);
      res.redirect(303, `/competencies/${competency.id}`);
    } catch (e) {
      renderInvalid(res, FORM, locals, e);
    }
  };

  const edit: RequestHandler = async (req, res) => {
    const competency = await editing.findCompetency(String(req.params.id));
    const framework = await editing.findFramework(String(competency.framework));
    res.render(
      FORM,
      await formLocals({
        title: `Edit ${competency.name}`,
        action: `/competencies/${competency.id}`,
        values: valuesFromCompetency(competency.toObject()),
        framework,
        competency,
      }),
    );
  };

  const update: RequestHandler = async (req, res) => {
    const competency = await editing.findCompetency(String(req.params.id));
    const framework = await editing.findFramework(String(competency.framework));
    const locals = await formLocals({
      title: `Edit ${competency.name}`,
      action: `/competencies/${competency.id}`,
      values: valuesFromBody(bodyOf(req)),
      framework,
      competency,
    });
    const parsed = competencyForm.safeParse(bodyOf(req));
    if (!parsed.success) return invalidForm(res, locals, fieldErrors(parsed.error));
    try {
      const { changes, competency: saved } = await editing.updateCompetency(
        competency.id,
        parsed.data.data,
        req.user!,
        parsed.data.changeNote,
      );
      flash(
        req,
        changes.length ? 'success' : 'info',
        changes.length ? `Saved as revision ${saved.revision}.` : 'Nothing changed.',
      );
      res.redirect(303, `/competencies/${competency.id}`);
    } catch (e) {
      renderInvalid(res, FORM, locals, e);
    }
  };

  const clonePage = async (id: string, extra: Record<string, unknown> = {}) => {
    const competency = await editing.findCompetency(id);
    return {
      title: `Copy ${competency.name}`,
      competency,
      targets: await editing.listEditableFrameworks(),
      values: {},
      ...extra,
    };
  };

  const cloneForm: RequestHandler = async (req, res) => {
    res.render('competencies/competency-clone', await clonePage(String(req.params.id)));
  };

  const clone: RequestHandler = async (req, res) => {
    const page = await clonePage(String(req.params.id), {
      values: { framework: String(bodyOf(req).framework ?? '') },
    });
    const parsed = cloneCompetencyForm.safeParse(bodyOf(req));
    if (!parsed.success)
      return void res
        .status(422)
        .render('competencies/competency-clone', { ...page, fields: fieldErrors(parsed.error) });
    try {
      const copy = await editing.cloneCompetency(page.competency.id, parsed.data.framework, req.user!);
      flash(req, 'success', `Copied. This is your copy of “${copy.name}”; adapt it here.`);
      res.redirect(303, `/competencies/${copy.id}`);
    } catch (e) {
      renderInvalid(res, 'competencies/competency-clone', page, e);
    }
  };

  const archive: RequestHandler = async (req, res) => {
    const c = await editing.archiveCompetency(String(req.params.id), req.user!);
    flash(
      req,
      'success',
      `“${c.name}” archived. It no longer appears in lists; guides that use it keep working.`,
    );
    res.redirect(303, `/competencies/${c.id}`);
  };

  const restore: RequestHandler = async (req, res) => {
    const c = await editing.restoreCompetency(String(req.params.id), req.user!);
    flash(req, 'success', `“${c.name}” restored.`);
    res.redirect(303, `/competencies/${c.id}`);
  };

  return { newForm, create, edit, update, cloneForm, clone, archive, restore };
}
