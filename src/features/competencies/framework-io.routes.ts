/**
 * JSON routes of the library (/api/...) and framework export/import pages (/competencies/...).
 * Mounted at the app root; every route requires a login, import requires admin or manager.
 */
import express, { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app-deps.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { requireLogin, requireRole } from '../../middleware/auth.js';
import { csrf } from '../../middleware/csrf.js';
import { flash } from '../../middleware/flash.js';
import { objectId } from '../users/users.schemas.js';
import { exportFramework, FrameworkFileError, importFrameworkJson } from './framework-io.service.js';
import { isAdmin, redactCompetency, redactFile, redactFramework } from './library-access.js';
import { getCompetency, getFramework, listFrameworks } from './library.service.js';
import type { Types } from 'mongoose';
import { z } from 'zod';

const id = (raw: unknown): string => {
  const parsed = objectId.safeParse(raw);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
};

/** Framework files can be far larger than ordinary forms. */
const IMPORT_LIMIT = '2mb';
const importForm = z.object({
  json: z
    .string({ error: 'Paste the JSON of a framework file.' })
    .trim()
    .min(2, 'Paste the JSON of a framework file.'),
  asCopy: z.enum(['on', 'true', '1']).optional(),
});

export function frameworkIoRouter(_deps: AppDeps): Router {
  const r = Router();

  const apiList: RequestHandler = async (_req, res) => {
    const frameworks = await listFrameworks();
    res.json({
      frameworks: frameworks.map((f) => ({
        id: String(f._id),
        key: f.key,
        name: f.name,
        organization: f.organization,
        origin: f.origin,
        status: f.status,
        counts: f.counts,
      })),
    });
  };
  const apiFramework: RequestHandler = async (req, res) => {
    const { framework, competencies, templates } = await getFramework(id(req.params.id));
    if (isAdmin(req.user)) return void res.json({ framework, competencies, positionTemplates: templates });
    res.json({
      framework: redactFramework(framework),
      competencies: competencies.map(redactCompetency),
      positionTemplates: templates,
    });
  };
  const apiCompetency: RequestHandler = async (req, res) => {
    const competency = await getCompetency(id(req.params.id));
    res.json({ competency: isAdmin(req.user) ? competency : redactCompetency(competency) });
  };
  const download: RequestHandler = async (req, res) => {
    const exported = await exportFramework(id(req.params.id));
    const file = isAdmin(req.user) ? exported : redactFile(exported);
    res.attachment(`${file.framework.key}.framework.json`);
    res.type('application/json').send(JSON.stringify(file, null, 2) + '\n');
  };
  const showImport: RequestHandler = (_req, res) =>
    res.render('competencies/import', { title: 'Import a framework' });

  const runImport = async (json: string, asCopy: boolean, actorId: Types.ObjectId) =>
    importFrameworkJson(json, { origin: 'import', asCopy, actorId });

  const importPage: RequestHandler = async (req, res) => {
    const parsed = importForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return void res.status(422).render('competencies/import', {
        title: 'Import a framework',
        problems: parsed.error.issues.map((i) => i.message),
        values: {},
      });
    }
    try {
      const report = await runImport(parsed.data.json, !!parsed.data.asCopy, req.user!._id);
      flash(
        req,
        'success',
        `Imported “${report.frameworkKey}” with ${report.counts.competencies.created} competencies.`,
      );
      res.redirect(303, `/competencies/frameworks/${report.frameworkId}`);
    } catch (e) {
      if (e instanceof ValidationError || (e as { status?: number }).status === 409) {
        const err = e as ValidationError;
        const problems =
          e instanceof FrameworkFileError
            ? e.problems
            : err.fields
              ? Object.entries(err.fields).map(([k, v]) => (k === 'file' ? v : `${k}: ${v}`))
              : [];
        return void res.status(err.status).render('competencies/import', {
          title: 'Import a framework',
          error: err.message,
          problems,
          values: { json: parsed.data.json, asCopy: !!parsed.data.asCopy },
        });
      }
      throw e;
    }
  };

  const importApi: RequestHandler = async (req, res) => {
    const asCopy = req.query.asCopy === 'true' || req.query.asCopy === '1';
    try {
      const report = await runImport(JSON.stringify(req.body ?? null), asCopy, req.user!._id);
      res.status(201).json(report);
    } catch (e) {
      // Scripts get every problem line as well as the per-path fields.
      if (!(e instanceof FrameworkFileError)) throw e;
      res.status(422).json({ error: e.message, fields: e.fields, problems: e.problems });
    }
  };

  r.get('/api/frameworks', requireLogin, apiList);
  r.get('/api/frameworks/:id', requireLogin, apiFramework);
  r.get('/api/competencies/:id', requireLogin, apiCompetency);
  r.get('/competencies/frameworks/:id/export', requireLogin, download);
  r.get('/competencies/import', requireRole('admin', 'manager'), showImport);
  // Bodies are parsed here with a larger limit; the CSRF check runs after that parsing.
  r.post(
    '/competencies/import',
    requireRole('admin', 'manager'),
    express.urlencoded({ extended: false, limit: IMPORT_LIMIT }),
    csrf,
    importPage,
  );
  r.post(
    '/api/frameworks/import',
    requireRole('admin', 'manager'),
    express.json({ limit: IMPORT_LIMIT }),
    csrf,
    importApi,
  );
  return r;
}
