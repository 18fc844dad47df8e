/** Editing pages for frameworks: new, edit, clone, archive and restore. */
import type { RequestHandler } from 'express';
import { flash } from '../../middleware/flash.js';
import { cloneFrameworkForm, fieldErrors, frameworkForm } from './competencies.schemas.js';
import * as editing from './competency-editing.service.js';
import { renderInvalid } from './form-render.js';
import { listScales } from './library.service.js';
import { bodyOf } from '../../lib/request-body.js';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function frameworkValues(f: Record<string, unknown>) {
  return {
    name: str(f.name),
    organization: str(f.organization),
    description: str(f.description),
    sourceUrl: str(f.sourceUrl ?? (f.source as { url?: string } | undefined)?.url),
    notes: Array.isArray(f.notes) ? f.notes.join('\n') : str(f.notes),
    proficiencyScale: str(f.proficiencyScale),
  };
}

export function frameworkEditingController() {
  const formPage = async (extra: Record<string, unknown>) => ({ scales: await listScales(), ...extra });

  const newForm: RequestHandler = async (_req, res) => {
    res.render(
      'competencies/framework-form',
      await formPage({
        title: 'New framework',
        action: '/competencies/frameworks',
        values: {},
        framework: null,
      }),
    );
  };

  const create: RequestHandler = async (req, res) => {
    const page = await formPage({
      title: 'New framework',
      action: '/competencies/frameworks',
      values: frameworkValues(bodyOf(req)),
      framework: null,
    });
    const parsed = frameworkForm.safeParse(bodyOf(req));
    if (!parsed.success)
      return void res
        .status(422)
        .render('competencies/framework-form', { ...page, fields: fieldErrors(parsed.error) });
    try {
      const framework = await editing.createFramework(parsed.data, req.user!);
      flash(req, 'success', `Framework “${framework.name}” created. Add its competencies next.`);
      res.redirect(303, `/competencies/frameworks/${framework.id}`);
    } catch (e) {
      renderInvalid(res, 'competencies/framework-form', page, e);
    }
  };

  const edit: RequestHandler = async (req, res) => {
    const framework = await editing.findFramework(String(req.params.id));
    res.render(
      'competencies/framework-form',
      await formPage({
        title: `Edit ${framework.name}`,
        action: `/competencies/frameworks/${framework.id}`,
        values: frameworkValues(framework.toObject()),
        framework,
      }),
    );
  };

  const update: RequestHandler = async (req, res) => {
    const framework = await editing.findFramework(String(req.params.id));
    const page = await formPage({
      title: `Edit ${framework.name}`,
      action: `/competencies/frameworks/${framework.id}`,
      values: frameworkValues(bodyOf(req)),
      framework,
    });
    const parsed = frameworkForm.safeParse(bodyOf(req));
    if (!parsed.success)
      return void res
        .status(422)
        .render('competencies/framework-form', { ...page, fields: fieldErrors(parsed.error) });
    try {
      await editing.updateFramework(framework.id, parsed.data, req.user!);
      flash(req, 'success', 'Framework saved.');
      res.redirect(303, `/competencies/frameworks/${framework.id}`);
    } catch (e) {
      renderInvalid(res, 'competencies/framework-form', page, e);
    }
  };

  const cloneForm: RequestHandler = async (req, res) => {
    const framework = await editing.findFramework(String(req.params.id));
    res.render('competencies/framework-clone', {
      title: `Clone ${framework.name}`,
      framework,
      values: { name: framework.name, organization: '' },
    });
  };

  const clone: RequestHandler = async (req, res) => {
    const framework = await editing.findFramework(String(req.params.id));
    const parsed = cloneFrameworkForm.safeParse(bodyOf(req));
    if (!parsed.success) {
      return void res.status(422).render('competencies/framework-clone', {
        title: `Clone ${framework.name}`,
        framework,
        values: { name: str(bodyOf(req).name), organization: str(bodyOf(req).organization) },
        fields: fieldErrors(parsed.error),
      });
    }
    const copy = await editing.cloneFramework(framework.id, parsed.data, req.user!);
    flash(req, 'success', `Framework cloned for ${copy.organization}. Adapt its competencies here.`);
    res.redirect(303, `/competencies/frameworks/${copy.id}`);
  };

  const archive: RequestHandler = async (req, res) => {
    const framework = await editing.archiveFramework(String(req.params.id), req.user!);
    flash(
      req,
      'success',
      `Framework “${framework.name}” archived. It no longer appears in the library lists.`,
    );
    res.redirect(303, `/competencies/frameworks/${framework.id}`);
  };

  const restore: RequestHandler = async (req, res) => {
    const framework = await editing.restoreFramework(String(req.params.id), req.user!);
    flash(req, 'success', `Framework “${framework.name}” restored.`);
    res.redirect(303, `/competencies/frameworks/${framework.id}`);
  };

  return { newForm, create, edit, update, cloneForm, clone, archive, restore };
}
