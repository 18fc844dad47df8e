/** Candidate pages: the list with the add and import forms, one candidate with edit and stage forms. */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../lib/errors.js';
import { zoneFor } from '../../lib/format-time.js';
import { flash } from '../../middleware/flash.js';
import { STAGES, STAGE_LABELS } from './candidate.model.js';
import { ImportError, importCandidates } from './candidate-import.service.js';
import {
  candidateForm,
  fieldErrors,
  importForm,
  MAX_IMPORT_ROWS,
  PASTE_OR_FILE,
  stageForm,
} from './candidates.schemas.js';
import { csvTextOf } from './csv-file.js';
import * as candidates from './candidates.service.js';
import { candidateProfile } from './candidate-profile.service.js';
import { candidateRecords } from '../references/candidate-records.js';
import { bodyOf } from '../../lib/request-body.js';
import { uploadedFile } from '../../lib/multipart.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const stageOptions = STAGES.map((value) => ({ value, label: STAGE_LABELS[value] }));
const ids = (req: Request) => ({
  positionId: String(req.params.positionId),
  candidateId: String(req.params.candidateId ?? ''),
});
const isFormError = (e: unknown): e is AppError =>
  e instanceof AppError && (e.status === 422 || e.status === 409);

export function candidatesController() {
  const renderIndex = async (req: Request, res: Response, locals: Record<string, unknown> = {}) => {
    const { position, candidates: list } = await candidates.listCandidates(ids(req).positionId, req.user!);
    res.render('candidates/index', {
      title: `Candidates: ${position.title}`,
      position,
      candidates: list,
      STAGE_LABELS,
      maxRows: MAX_IMPORT_ROWS,
      importProblems: [],
      csv: '',
      ...locals,
    });
  };

  const renderShow = async (req: Request, res: Response, locals: Record<string, unknown> = {}) => {
    const { positionId, candidateId } = ids(req);
    // The page shows the references' statuses and ratings, not their answers or signals.
    const { position, candidate, records } = await candidateRecords(positionId, candidateId, req.user!, {
      details: false,
    });
    res.render('candidates/show', {
      title: candidate.name,
      position,
      candidate,
      profile: await candidateProfile(position, candidate, records, zoneFor(req.user)),
      stageOptions,
      STAGE_LABELS,
      values: { name: candidate.name, email: candidate.email, notes: candidate.notes ?? '' },
      stageValues: { stage: '', note: '' },
      stageFields: {},
      ...locals,
    });
  };

  const index: RequestHandler = (req, res) => renderIndex(req, res);

  const create: RequestHandler = async (req, res) => {
    const { positionId } = ids(req);
    const raw = bodyOf(req);
    const values = { name: str(raw.name), email: str(raw.email), notes: str(raw.notes) };
    await candidates.positionFor(positionId, req.user!);
    const parsed = candidateForm.safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return renderIndex(req, res, { values, fields: fieldErrors(parsed.error) });
    }
    try {
      const candidate = await candidates.addCandidate(positionId, parsed.data, req.user!);
      flash(req, 'success', `${candidate.name} added.`);
      res.redirect(303, `/positions/${positionId}/candidates`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      await renderIndex(req, res, { values, fields: e.fields ?? {}, error: e.message });
    }
  };

  const importCsv: RequestHandler = async (req, res) => {
    const { positionId } = ids(req);
    const raw = bodyOf(req);
    await candidates.positionFor(positionId, req.user!);
    const parsed = importForm.safeParse(raw);
    const csv = str(raw.csv);
    const file = uploadedFile(req);
    const refuse = (message: string, problems: string[]) => {
      res.status(422);
      return renderIndex(req, res, { csv, importError: message, importProblems: problems });
    };
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? PASTE_OR_FILE, []);
    if (file && parsed.data.csv)
      return refuse('Choose a file or paste the CSV, not both: nothing was imported.', []);
    if (!file && !parsed.data.csv) return refuse(PASTE_OR_FILE, []);
    try {
      const text = file ? csvTextOf(file) : parsed.data.csv!;
      const count = await importCandidates(positionId, text, req.user!);
      flash(req, 'success', `Imported ${count} ${count === 1 ? 'candidate' : 'candidates'}.`);
      res.redirect(303, `/positions/${positionId}/candidates`);
    } catch (e) {
      if (e instanceof ImportError) return refuse(e.message, e.problems);
      throw e;
    }
  };

  const show: RequestHandler = (req, res) => renderShow(req, res);

  const update: RequestHandler = async (req, res) => {
    const { positionId, candidateId } = ids(req);
    const raw = bodyOf(req);
    const values = { name: str(raw.name), email: str(raw.email), notes: str(raw.notes) };
    await candidates.findCandidate(positionId, candidateId, req.user!);
    const parsed = candidateForm.safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return renderShow(req, res, { values, fields: fieldErrors(parsed.error) });
    }
    try {
      await candidates.updateCandidate(positionId, candidateId, parsed.data, req.user!);
      flash(req, 'success', 'Candidate saved.');
      res.redirect(303, `/positions/${positionId}/candidates/${candidateId}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      await renderShow(req, res, { values, fields: e.fields ?? {}, error: e.message });
    }
  };

  const stage: RequestHandler = async (req, res) => {
    const { positionId, candidateId } = ids(req);
    const raw = bodyOf(req);
    const stageValues = { stage: str(raw.stage), note: str(raw.note) };
    await candidates.findCandidate(positionId, candidateId, req.user!);
    const parsed = stageForm.safeParse(raw);
    if (!parsed.success) {
      res.status(422);
      return renderShow(req, res, { stageValues, stageFields: fieldErrors(parsed.error) });
    }
    try {
      const c = await candidates.changeStage(positionId, candidateId, parsed.data, req.user!);
      flash(req, 'success', `${c.name} is now at the ${STAGE_LABELS[c.stage]} stage.`);
      res.redirect(303, `/positions/${positionId}/candidates/${candidateId}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      res.status(e.status);
      await renderShow(req, res, { stageValues, stageFields: e.fields ?? { stage: e.message } });
    }
  };

  return { index, create, importCsv, show, update, stage };
}
