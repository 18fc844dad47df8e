/** Document import pages and the parse API: parse input, call the service, render or redirect. */
import type { Request, RequestHandler, Response } from 'express';
import { BadRequestError, ValidationError } from '../../lib/errors.js';
import { flash } from '../../middleware/flash.js';
import { listVersionTargets } from '../competencies/framework-versions.service.js';
import { MAX_UPLOAD_BYTES } from './extract.js';
import * as schemas from './framework-import.schemas.js';
import * as service from './framework-import.service.js';
import { uploadedFile } from '../../lib/multipart.js';
import { TARGET_LABELS, levelName, lineRows, sourceOf } from './review-view.js';

const draftUrl = (id: string) => `/framework-import/drafts/${id}`;
const paramId = (req: Request) => String(req.params.draftId);

function renderUpload(res: Response, status: number, error?: string, text?: string): void {
  res.status(status).render('framework-import/upload', {
    title: 'Import a competency model from a document',
    error,
    text: text ?? '',
    maxMb: MAX_UPLOAD_BYTES / (1024 * 1024),
  });
}

/** A form's body, validated; an invalid one answers 422 on the review page's flash and goes back. */
function parsed<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError };
  },
  req: Request,
): T {
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) throw new ValidationError(schemas.firstProblem(result.error));
  return result.data;
}

/** Runs a review change; problems go back to the review page as a message with status 422. */
async function change(req: Request, res: Response, run: () => Promise<void>, done: string): Promise<void> {
  try {
    await run();
    flash(req, 'success', done);
    res.redirect(303, draftUrl(paramId(req)));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    await renderReview(req, res, 422, e.message);
  }
}

async function renderReview(req: Request, res: Response, status: number, error?: string): Promise<void> {
  const doc = await service.loadDraft(paramId(req), req.user!._id);
  const result = service.draftOf(doc);
  const versionTargets = await listVersionTargets(req.user!);
  res.status(status).render('framework-import/review', {
    title: `Review: ${doc.documentName}`,
    id: String(doc._id),
    documentName: doc.documentName,
    draft: result.draft,
    rows: lineRows(doc.lines, result, doc.assignments),
    unusedCount: result.unusedLines.length,
    targets: TARGET_LABELS,
    sourceOf,
    levelName,
    versionTargets,
    revision: service.draftRevision(doc),
    error,
  });
}

export function frameworkImportController() {
  const showUpload: RequestHandler = (_req, res) => renderUpload(res, 200);

  const upload: RequestHandler = async (req, res) => {
    const file = uploadedFile(req);
    const form = schemas.pasteForm.safeParse(req.body ?? {});
    if (!form.success) return renderUpload(res, 422, schemas.firstProblem(form.error));
    const text = form.data.text;
    if (!file && !text)
      return renderUpload(res, 422, 'Choose a file to upload, or paste the text of the document.');
    try {
      const id = await service.createDraft(req.user!._id, file ?? { text: text! });
      res.redirect(303, draftUrl(id));
    } catch (e) {
      if (e instanceof ValidationError) return renderUpload(res, 422, e.message, text);
      throw e;
    }
  };

  const review: RequestHandler = (req, res) => renderReview(req, res, 200);

  const assign: RequestHandler = (req, res) =>
    change(
      req,
      res,
      () => service.assignLine(paramId(req), req.user!._id, parsed(schemas.assignForm, req)),
      'Line reassigned.',
    );
  const rename: RequestHandler = (req, res) =>
    change(
      req,
      res,
      () =>
        service.editDraft(paramId(req), req.user!._id, { op: 'rename', ...parsed(schemas.renameForm, req) }),
      'Competency renamed.',
    );
  const merge: RequestHandler = (req, res) =>
    change(
      req,
      res,
      () =>
        service.editDraft(paramId(req), req.user!._id, { op: 'merge', ...parsed(schemas.mergeForm, req) }),
      'Competencies merged.',
    );
  const level: RequestHandler = (req, res) =>
    change(
      req,
      res,
      () =>
        service.editDraft(paramId(req), req.user!._id, { op: 'level', ...parsed(schemas.levelForm, req) }),
      'Level updated.',
    );
  const name: RequestHandler = (req, res) =>
    change(
      req,
      res,
      async () => {
        const f = parsed(schemas.frameworkForm, req);
        await service.nameDraft(paramId(req), req.user!._id, f.name, f.organization);
      },
      'Framework name saved.',
    );

  const save: RequestHandler = async (req, res) => {
    try {
      const choice = parsed(schemas.saveForm, req);
      const saved = await service.saveDraft(paramId(req), req.user!, choice);
      flash(
        req,
        'success',
        saved.version
          ? `Saved as version ${saved.version} with ${saved.competencies} competencies. The previous version is archived; guides that use it keep its competencies.`
          : `Saved as a new framework with ${saved.competencies} competencies.`,
      );
      res.redirect(303, `/competencies/frameworks/${saved.frameworkId}`);
    } catch (e) {
      // Refusals go back to the review page with the draft intact: 403 not allowed, 409 stale, 422 invalid.
      const status = e instanceof ValidationError ? 422 : (e as { status?: number }).status;
      if (status !== 422 && status !== 403 && status !== 409) throw e;
      await renderReview(req, res, status, (e as Error).message);
    }
  };

  const discard: RequestHandler = async (req, res) => {
    parsed(schemas.emptyForm, req);
    await service.discardDraft(paramId(req), req.user!._id);
    flash(req, 'info', 'The import draft was discarded; nothing was saved.');
    res.redirect(303, '/framework-import');
  };

  /** POST /api/frameworks/parse: JSON { text, fileName? } or a multipart upload with `file`. */
  const parseApi: RequestHandler = async (req, res) => {
    const file = uploadedFile(req);
    if (file) return void res.json(await service.parseDocument(file));
    if (req.is('multipart/form-data'))
      throw new BadRequestError('Upload the document in a field named "file", or send JSON { "text": ... }.');
    const body = schemas.parseApiBody.safeParse(req.body ?? {});
    if (!body.success) throw new ValidationError(schemas.firstProblem(body.error));
    res.json(await service.parseDocument({ text: body.data.text, fileName: body.data.fileName }));
  };

  return { showUpload, upload, review, assign, rename, merge, level, name, save, discard, parseApi };
}
