/**
 * Document import: a document becomes a draft the user reviews, then a framework in the library.
 * Nothing reaches the library before `saveDraft`; saving goes through the framework import
 * service, which validates everything first and removes what it wrote if a write fails.
 */
import { Types } from 'mongoose';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { validateFrameworkFile } from '../competencies/framework-file.schema.js';
import { importFrameworkFile } from '../competencies/framework-io.service.js';
import { importAsNextVersion } from '../competencies/framework-versions.service.js';
import type { ParseResult } from './draft.types.js';
import { draftToFile } from './draft-to-file.js';
import { extractText } from './extract.js';
import { FrameworkDraft } from './framework-draft.model.js';
import { parseLines } from './parser.js';
import { buildDraft, type Assignment, type Edit } from './review-edits.js';
import { mendText } from './source-lines.js';

/** Longer than any competency model; keeps a draft well inside one database document. */
export const MAX_TEXT_CHARS = 1_000_000;

export type DocumentInput = { fileName: string; data: Buffer } | { text: string; fileName?: string };

export async function documentLines(input: DocumentInput): Promise<{ lines: string[]; document: string }> {
  const text = 'text' in input ? input.text : await extractText(input.fileName, input.data);
  const document = input.fileName?.trim() || 'Pasted text';
  if (text.length > MAX_TEXT_CHARS) {
    throw new ValidationError(
      'This document has more than a million characters of text: import one framework at a time.',
      {
        text: 'too long',
      },
    );
  }
  const lines = mendText(text);
  if (!lines.length) throw new ValidationError('The document has no text.', { text: 'no text' });
  return { lines, document };
}

function requireCompetency(result: ParseResult): ParseResult {
  if (!result.draft.competencies.length) {
    throw new ValidationError(
      'No competency was recognised in this document. A competency needs a heading (or a "NAME – definition" line, or a table row) followed by its definition, levels or behaviors. Nothing was saved.',
      { document: 'no recognisable competency' },
    );
  }
  return result;
}

/** Parses without storing anything (the JSON route for scripts). */
export async function parseDocument(input: DocumentInput): Promise<ParseResult> {
  const { lines, document } = await documentLines(input);
  return requireCompetency(parseLines(lines, document));
}

export async function createDraft(owner: Types.ObjectId, input: DocumentInput): Promise<string> {
  const { lines, document } = await documentLines(input);
  requireCompetency(parseLines(lines, document));
  const doc = await FrameworkDraft.create({ owner, documentName: document, lines });
  return String(doc._id);
}

/** The user's own draft; anyone else's is "not found", as if it did not exist. */
export async function loadDraft(id: string, owner: Types.ObjectId) {
  const doc = Types.ObjectId.isValid(id) ? await FrameworkDraft.findOne({ _id: id, owner }) : null;
  if (!doc) throw new NotFoundError('There is no such import draft (it may have been saved or expired).');
  return doc;
}

type DraftDoc = Awaited<ReturnType<typeof loadDraft>>;

export function draftOf(doc: DraftDoc): ParseResult {
  const result = buildDraft(
    doc.lines,
    doc.documentName,
    doc.assignments as Assignment[],
    doc.edits as Edit[],
  );
  if (doc.frameworkName) result.draft.framework.name = doc.frameworkName;
  if (doc.organization) result.draft.framework.organization = doc.organization;
  return result;
}

export async function assignLine(id: string, owner: Types.ObjectId, a: Assignment): Promise<void> {
  const doc = await loadDraft(id, owner);
  if (a.line < 1 || a.line > doc.lines.length || !doc.lines[a.line - 1].trim()) {
    throw new ValidationError('There is no such line in the document.', { line: 'no such line' });
  }
  const competency = draftOf(doc).draft.competencies.find((c) => c.key === a.competency);
  if (a.target !== 'competency' && a.target !== 'ignore' && !competency) {
    throw new ValidationError('Choose the competency the line belongs to.', {
      competency: 'choose a competency',
    });
  }
  // Only a level or an indicator goes into a level; for other targets the choice means nothing.
  const level = a.target === 'level' || a.target === 'indicator' ? a.level : undefined;
  if (level != null && !competency?.levels[level]) {
    const count = competency?.levels.length ?? 0;
    throw new ValidationError(
      `${competency?.name ?? 'This competency'} has ${count ? `${count} level${count === 1 ? '' : 's'}` : 'no levels'}: choose one of its levels, or none.`,
      { level: 'no such level' },
    );
  }
  doc.set('assignments', [...doc.assignments.filter((x) => x.line !== a.line), { ...a, level }]);
  doc.touchedAt = new Date();
  await doc.save();
}

export async function editDraft(id: string, owner: Types.ObjectId, e: Edit): Promise<void> {
  const doc = await loadDraft(id, owner);
  const competencies = draftOf(doc).draft.competencies;
  const c = competencies.find((x) => x.key === e.key);
  if (!c)
    throw new ValidationError('There is no such competency in the draft.', { key: 'no such competency' });
  if (e.op === 'merge' && (!competencies.some((x) => x.key === e.into) || e.into === e.key)) {
    throw new ValidationError('Choose another competency of the draft to merge into.', {
      into: 'choose a competency',
    });
  }
  if (e.op === 'level' && (e.index == null || !c.levels[e.index])) {
    throw new ValidationError('There is no such level.', { index: 'no such level' });
  }
  doc.edits.push(e);
  doc.touchedAt = new Date();
  await doc.save();
}

export async function nameDraft(
  id: string,
  owner: Types.ObjectId,
  name: string,
  organization: string,
): Promise<void> {
  const doc = await loadDraft(id, owner);
  doc.frameworkName = name;
  doc.organization = organization;
  await doc.save();
}

/** Where a reviewed draft goes: a new framework, or the next version of one the user may change. */
export interface SaveChoice {
  target: 'new' | string;
  /** The draft's revision the user saw (see draftRevision); an older one means the draft is stale. */
  revision: string;
}

/** Changes with every edit of the draft (timestamps), so a page shown before an edit is detectably stale. */
export const draftRevision = (doc: { updatedAt?: Date | null }) => String(doc.updatedAt?.getTime() ?? 0);

/** Saves the reviewed draft; on any problem nothing is written and the draft stays. */
export async function saveDraft(
  id: string,
  user: { _id: Types.ObjectId; roles?: readonly string[] },
  choice: SaveChoice,
): Promise<{ frameworkId: string; competencies: number; version?: number }> {
  const doc = await loadDraft(id, user._id);
  if (choice.revision !== draftRevision(doc)) {
    throw new ConflictError(
      'This draft was changed (in another window or tab) after this page was shown. Check the draft below, then save again.',
    );
  }
  const checked = validateFrameworkFile(draftToFile(requireCompetency(draftOf(doc)).draft));
  if (!checked.ok) {
    throw new ValidationError(
      `The draft cannot be saved yet: ${checked.problems.slice(0, 5).join('; ')}. Fix these on the review page.`,
    );
  }
  const saved =
    choice.target === 'new'
      ? await importFrameworkFile(checked.file, { origin: 'import', asCopy: true, actorId: user._id })
      : await importAsNextVersion(choice.target, checked.file, user);
  await FrameworkDraft.deleteOne({ _id: doc._id });
  return {
    frameworkId: saved.frameworkId,
    competencies: saved.counts.competencies.created,
    version: (saved as { version?: number }).version,
  };
}

export async function discardDraft(id: string, owner: Types.ObjectId): Promise<void> {
  const doc = await loadDraft(id, owner);
  await FrameworkDraft.deleteOne({ _id: doc._id });
}
