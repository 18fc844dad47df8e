/**
 * A document (file or pasted text) -> plain text, by its kind. Limits are checked before any
 * parsing: a file over MAX_UPLOAD_BYTES is refused with 413 by the route's upload parser.
 */
import path from 'node:path';
import { AppError, ValidationError } from '../../lib/errors.js';
import { extractDocx } from './extract-docx.js';
import { extractPdf } from './extract-pdf.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export class PayloadTooLargeError extends AppError {
  constructor() {
    super(
      'The document is too large: files of at most 20 MB can be imported. Split it, remove its images, or paste its text instead.',
      413,
    );
  }
}
export const DOCUMENT_KINDS = ['.docx', '.pdf', '.txt', '.md'] as const;

export async function extractText(fileName: string, data: Buffer): Promise<string> {
  const ext = path.extname(fileName).toLowerCase();
  if (!data.length) throw new ValidationError('The file is empty.', { file: 'empty file' });
  if (ext === '.docx') return extractDocx(data);
  if (ext === '.pdf') return extractPdf(data);
  if (ext === '.txt' || ext === '.md') {
    if (data.includes(0)) {
      throw new ValidationError(
        'This file is not plain text. Upload .docx, .pdf, .txt or .md, or paste the text.',
        {
          file: 'not plain text',
        },
      );
    }
    return data.toString('utf8').replace(/^\uFEFF/, '');
  }
  throw new ValidationError(
    `Files of type "${ext || 'unknown'}" cannot be imported. Upload .docx, .pdf, .txt or .md, or paste the text.`,
    { file: 'unsupported type' },
  );
}
