/**
 * The candidates' CSV as an uploaded file: the same text the paste box takes, read from a .csv file
 * (UTF-8, with or without a byte-order mark). Anything else is refused before the rows are looked
 * at, with a message saying what to upload instead; a file too large is refused by the upload
 * reader (413) before it reaches here.
 */
import { AppError } from '../../lib/errors.js';
import type { UploadedFile } from '../../lib/multipart.js';
import { ImportError } from './candidate-import.service.js';
import { MAX_IMPORT_ROWS } from './candidates.schemas.js';

/** The largest CSV file accepted: the same 2 MB as a pasted CSV. */
export const MAX_CSV_FILE_BYTES = 2 * 1024 * 1024;

export class CsvFileTooLargeError extends AppError {
  constructor() {
    super(
      `The file is too large: a CSV of at most 2 MB (and ${MAX_IMPORT_ROWS.toLocaleString('en-US')} candidates) can be imported at a time. Split it into smaller files.`,
      413,
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of an uploaded CSV file, or an ImportError saying why it cannot be read as one. */
export function csvTextOf(file: UploadedFile): string {
  const shown = file.fileName.replace(/^.*[\\/]/, '');
  if (!/\.csv$/i.test(shown))
    throw new ImportError(
      `“${shown}” is not a CSV file. Save the list as .csv (comma-separated values, UTF-8) and upload that, or paste its text.`,
      [],
    );
  if (!file.data.length) throw new ImportError(`“${shown}” is empty.`, []);
  let text: string;
  try {
    text = utf8.decode(file.data);
  } catch {
    text = '\u0000';
  }
  // A spreadsheet or another binary saved under a .csv name: NULs or bytes that are not UTF-8.
  if (text.includes('\u0000'))
    throw new ImportError(
      `“${shown}” is not a text CSV file. Export the list from your spreadsheet as “CSV UTF-8” and upload that.`,
      [],
    );
  return text.replace(/^\uFEFF/, '');
}
