/** The library's read pages: home, search, a framework, a competency. */
import type { Request, RequestHandler } from 'express';
import { hasRole } from '../users/user.model.js';
import { fieldErrors, searchQuery } from './competencies.schemas.js';
import { listRevisions } from './competency-editing.service.js';
import { COMPETENCY_KINDS } from './framework-file.schema.js';
import * as library from './library.service.js';
import { isAdmin, mayChange, redactCompetency, redactFramework } from './library-access.js';
import { viewHelpers } from './view-helpers.js';

export const canEdit = (req: Request) => hasRole(req.user, 'admin', 'manager');
const kindOptions = COMPETENCY_KINDS.map((value) => ({ value, label: library.KIND_LABELS[value] }));

export function competenciesController() {
  const home: RequestHandler = async (req, res) => {
    const editor = canEdit(req);
    const all = await library.listFrameworks({ includeArchived: editor });
    res.render('competencies/index', {
      title: 'Competency library',
      frameworks: all.filter((f) => f.status !== 'archived'),
      archived: all.filter((f) => f.status === 'archived'),
      canEdit: editor,
      kindOptions,
      query: {},
    });
  };

  const search: RequestHandler = async (req, res) => {
    const frameworks = await library.listFrameworks();
    const raw = req.query as Record<string, unknown>;
    const query = {
      q: String(raw.q ?? ''),
      framework: String(raw.framework ?? ''),
      kind: String(raw.kind ?? ''),
    };
    const parsed = searchQuery.safeParse(raw);
    const page = {
      title: 'Search the competency library',
      frameworks,
      kindOptions,
      query,
      KIND_LABELS: library.KIND_LABELS,
    };
    if (!parsed.success) {
      return void res
        .status(400)
        .render('competencies/search', { ...page, results: null, fields: fieldErrors(parsed.error) });
    }
    const searched = Boolean(parsed.data.q || parsed.data.framework || parsed.data.kind);
    const results = searched ? await library.searchCompetencies(parsed.data) : null;
    res.render('competencies/search', { ...page, results });
  };

  const framework: RequestHandler = async (req, res) => {
    const editor = canEdit(req);
    const found = await library.getFramework(String(req.params.id), { includeArchived: editor });
    const admin = isAdmin(req.user);
    const data = admin
      ? found
      : {
          ...found,
          framework: redactFramework(found.framework),
          competencies: found.competencies.map(redactCompetency),
        };
    res.render('competencies/framework', {
      title: data.framework.name,
      ...data,
      canChange: mayChange(found.framework, req.user),
      isAdmin: admin,
      active: data.competencies.filter((c) => c.status !== 'archived'),
      archivedCompetencies: data.competencies.filter((c) => c.status === 'archived'),
      canEdit: editor,
      KIND_LABELS: library.KIND_LABELS,
      ...viewHelpers,
    });
  };

  const competency: RequestHandler = async (req, res) => {
    const found = await library.getCompetency(String(req.params.id));
    const admin = isAdmin(req.user);
    const c = admin ? found : redactCompetency(found);
    const revisions = await listRevisions(String(c._id));
    res.render('competencies/show', {
      title: c.name,
      c,
      framework: c.framework as unknown as { _id: unknown; name: string; organization: string } | null,
      scale: c.ratingScale as unknown as { name: string; points: { label: string; value: number }[] } | null,
      revisions,
      canEdit: canEdit(req),
      canChange: mayChange(found.framework as unknown as { origin?: string }, req.user),
      isAdmin: admin,
      KIND_LABELS: library.KIND_LABELS,
      ...viewHelpers,
    });
  };

  return { home, search, framework, competency };
}
