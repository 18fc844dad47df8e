/**
 * CSV import of candidates: every row is checked (syntax, fields, duplicates in the file and
 * against the position) before anything is written; one bad row and nothing is imported.
 */
import { Types } from 'mongoose';
import { ValidationError } from '../../lib/errors.js';
import type { Actor } from '../positions/positions.service.js';
import { Candidate } from './candidate.model.js';
import { candidateForm, MAX_IMPORT_ROWS, type CandidateInput } from './candidates.schemas.js';
import { positionFor } from './candidates.service.js';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.js';

const COLUMNS = ['name', 'email', 'notes'] as const;
const REQUIRED_COLUMNS = ['name', 'email'];

/** A refused import: `problems` names each bad line ("line 4: email: ..."). */
export class ImportError extends ValidationError {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

function columnsOf(header: CsvRecord): (typeof COLUMNS)[number][] {
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const problems: string[] = [];
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown.length)
    problems.push(`line ${header.line}: unknown column ${unknown.map((n) => `“${n}”`).join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length)
    problems.push(`line ${header.line}: the header row needs the columns ${missing.join(' and ')}`);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length) problems.push(`line ${header.line}: column ${twice[0]} appears twice`);
  if (problems.length)
    throw new ImportError('The header row must be name,email,notes (notes may be left out).', problems);
  return names as (typeof COLUMNS)[number][];
}

/** Parses and validates without writing: the rows to insert, or an ImportError naming each bad line. */
export async function checkImport(positionId: Types.ObjectId, text: string) {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ImportError('The CSV could not be read.', [e.message]);
    throw e;
  }
  if (!records.length) throw new ImportError('The CSV is empty.', []);
  const [header, ...rows] = records;
  const columns = columnsOf(header);
  if (!rows.length) throw new ImportError('The CSV has no candidates below the header row.', []);
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportError(
      `The CSV has ${rows.length.toLocaleString('en-US')} candidates; import at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} at a time (split the file).`,
      [],
    );

  const problems: string[] = [];
  const good: { line: number; input: CandidateInput }[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length > columns.length) {
      problems.push(`line ${row.line}: ${row.fields.length} fields but the header has ${columns.length}`);
      continue;
    }
    const raw = Object.fromEntries(columns.map((c, i) => [c, row.fields[i] ?? '']));
    const parsed = candidateForm.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`line ${row.line}: ${issue.path.join('.') || 'row'}: ${issue.message}`);
      continue;
    }
    const seen = firstLineOf.get(parsed.data.email);
    if (seen !== undefined) {
      problems.push(`line ${row.line}: duplicate email also on line ${seen}`);
      continue;
    }
    firstLineOf.set(parsed.data.email, row.line);
    good.push({ line: row.line, input: parsed.data });
  }
  const existing = await Candidate.find(
    { position: positionId, email: { $in: good.map((g) => g.input.email) } },
    'email',
  ).lean();
  const taken = new Set(existing.map((c) => c.email));
  for (const g of good)
    if (taken.has(g.input.email))
      problems.push(`line ${g.line}: a candidate with this email already exists for this position`);
  if (problems.length) {
    const byLine = (p: string) => Number(/^line (\d+)/.exec(p)?.[1] ?? 0);
    problems.sort((a, b) => byLine(a) - byLine(b));
    throw new ImportError(
      `Nothing was imported: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`} to fix first.`,
      problems,
    );
  }
  return good.map((g) => g.input);
}

export async function importCandidates(positionId: string, text: string, user: Actor): Promise<number> {
  const position = await positionFor(positionId, user);
  const inputs = await checkImport(position._id, text);
  const docs = inputs.map((input) => ({
    _id: new Types.ObjectId(),
    ...input,
    position: position._id,
    createdBy: user._id,
  }));
  try {
    await Candidate.insertMany(docs, { ordered: true });
  } catch (e) {
    // Someone added one of these meanwhile: take back the part of this batch that went in.
    await Candidate.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    if ((e as { code?: number })?.code === 11000)
      throw new ImportError('Nothing was imported: some of these candidates were added meanwhile.', []);
    throw e;
  }
  return docs.length;
}
