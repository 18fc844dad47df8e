/** Guide pages: create a position's guide, the builder, the add-questions page, versions, print, Word, JSON. */
import type { Request, RequestHandler, Response } from 'express';
import { NotFoundError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { formatDate } from '../competencies/view-helpers.js';
import { loadGeneratorSource } from '../question-bank/generator-source.js';
import { positionView, weightText } from '../positions/position-view.js';
import { docxFilename } from './download-name.js';
import { sectionOf } from './guide-editing.service.js';
import { inSync } from './guide-sync.js';
import { guideProblems } from './guide-quality.js';
import { bankChoices, generatedFor } from './guide-questions.js';
import { guideToDocx } from './guide-docx.js';
import { listVersions, readableVersion } from './guide-versions.service.js';
import { createGuide, findGuide, findScale, guideScales } from './guides.service.js';
import { totalMinutes } from './frozen-guide.js';

const versionParam = (req: Request) => {
  const v = String(req.params.version);
  if (!/^\d{1,6}$/.test(v)) throw new NotFoundError('There is no such version of this guide.');
  return Number(v);
};

/** The builder page; `extra` carries a failed form's messages. */
export async function renderBuilder(
  req: Request,
  res: Response,
  guideId: string,
  extra: Record<string, unknown> = {},
) {
  const { guide, position } = await findGuide(guideId, req.user!);
  const view = await positionView(position);
  const byCompetency = new Map(view.competencies.map((c) => [c.competencyId, c]));
  res.render('guides/builder', {
    title: `Interview guide: ${view.title}`,
    guide,
    p: view,
    sections: guide.sections.map((s) => ({ s, c: byCompetency.get(String(s.competency)) })),
    scales: await guideScales(),
    versions: await listVersions(guide._id),
    synced: inSync(guide, view),
    problems: new Map(
      guideProblems(guide, new Map(view.competencies.map((c) => [c.competencyId, c.name]))).map((p) => [
        p.questionId,
        p.messages,
      ]),
    ),
    minutes: totalMinutes({ sections: guide.sections.map((s) => ({ minutes: s.minutes ?? 0 })) }),
    weightText,
    formatDate,
    ...extra,
  });
}

export function guidesController() {
  const create: RequestHandler = async (req, res) => {
    const guide = await createGuide(String(req.params.id), req.user!);
    flash(
      req,
      'success',
      'Interview guide started: a section per competency, with starter questions. Review it, then publish.',
    );
    res.redirect(303, `/guides/${guide.id}`);
  };

  const show: RequestHandler = async (req, res) => renderBuilder(req, res, String(req.params.id));

  const addPage: RequestHandler = async (req, res) => {
    const { guide, position } = await findGuide(String(req.params.id), req.user!);
    const section = sectionOf(guide, String(req.params.sid));
    const view = await positionView(position);
    const c = view.competencies.find((x) => x.competencyId === String(section.competency));
    const source = await loadGeneratorSource(String(section.competency));
    const level = c?.requiredLevel ?? source.levels[0]?.value ?? 1;
    const scale = await findScale(guide.ratingScale.key ?? undefined);
    const inGuide = new Set(section.questions.map((q) => q.text));
    res.render('guides/add-questions', {
      title: `Add questions: ${source.competency.name}`,
      guide,
      section,
      competency: source.competency,
      levelLabel: c?.levelLabel,
      level,
      bank: await bankChoices(String(section.competency), level),
      generated: generatedFor(source, level, scale),
      inGuide,
    });
  };

  const version: RequestHandler = async (req, res) => {
    const {
      guide,
      version: v,
      snapshot,
    } = await readableVersion(String(req.params.id), versionParam(req), req.user!);
    res.render('guides/version', {
      title: `${snapshot.positionTitle}: guide version ${v.version}`,
      guide,
      v,
      doc: snapshot,
      formatDate,
      weightText,
      minutes: totalMinutes(snapshot),
    });
  };

  const print: RequestHandler = async (req, res) => {
    const { version: v, snapshot } = await readableVersion(
      String(req.params.id),
      versionParam(req),
      req.user!,
    );
    res.render('guides/print', {
      title: `${snapshot.positionTitle}: interview guide (version ${v.version})`,
      doc: snapshot,
      formatDate,
      weightText,
      minutes: totalMinutes(snapshot),
    });
  };

  const docx: RequestHandler = async (req, res) => {
    const { snapshot } = await readableVersion(String(req.params.id), versionParam(req), req.user!);
    const buffer = await guideToDocx(snapshot);
    res
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .attachment(docxFilename(snapshot.positionTitle, snapshot.version))
      .send(buffer);
  };

  const api: RequestHandler = async (req, res) => {
    const { guide, version: v, snapshot } = await readableVersion(String(req.params.id), 'latest', req.user!);
    res.json({
      guide: {
        id: String(guide._id),
        positionId: String(guide.position),
        status: guide.status,
        latestVersion: guide.latestVersion,
        version: {
          ...snapshot,
          version: v.version,
          publishedAt: v.publishedAt,
          publishedBy: v.publishedByName,
        },
      },
    });
  };

  return { create, show, addPage, version, print, docx, api };
}
