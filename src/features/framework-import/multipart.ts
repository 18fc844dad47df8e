/**
 * A small multipart/form-data reader for the document upload: the body arrives as one buffer
 * (express.raw, limited to the upload size), parts are split on the boundary. Enough for a form
 * with a file and a few text fields; nothing is written to disk.
 */
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { AppError, BadRequestError } from '../../lib/errors.js';
import { MAX_UPLOAD_BYTES } from './extract.js';

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

export class PayloadTooLargeError extends AppError {
  constructor() {
    super(
      'The document is too large: files of at most 20 MB can be imported. Split it, remove its images, or paste its text instead.',
      413,
    );
  }
}

/** Room for the form fields and part headers around a file of the maximum size. */
const BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024;

export function parseMultipart(
  body: Buffer,
  contentType: string,
): { fields: Record<string, string>; file?: UploadedFile } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new BadRequestError('The upload could not be read (no multipart boundary).');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const headerStart = start + delimiter.length + 2;
    const next = body.indexOf(delimiter, headerStart);
    if (next < 0) break;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd < 0 || headerEnd > next) break;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const content = body.subarray(headerEnd + 4, next - 2);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name && fileName !== undefined) {
      if (fileName) file = { fileName, data: Buffer.from(content) };
    } else if (name && Object.keys(fields).length < 20) {
      fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return { fields, file };
}

/** Parses a multipart body into req.body (fields) and req.uploadedFile; too large -> 413. */
export function multipartBody() {
  const raw = express.raw({ type: 'multipart/form-data', limit: BODY_LIMIT });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('multipart/form-data')) return next();
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string })?.type === 'entity.too.large') return next(new PayloadTooLargeError());
      if (err) return next(err);
      try {
        const { fields, file } = parseMultipart(req.body as Buffer, req.get('content-type') ?? '');
        if (file && file.data.length > MAX_UPLOAD_BYTES) return next(new PayloadTooLargeError());
        req.body = fields;
        (req as Request & { uploadedFile?: UploadedFile }).uploadedFile = file;
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}

export const uploadedFile = (req: Request): UploadedFile | undefined =>
  (req as Request & { uploadedFile?: UploadedFile }).uploadedFile;
