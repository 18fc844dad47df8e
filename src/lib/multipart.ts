/**
 * A small multipart/form-data reader for uploads (the framework document import, the candidates'
 * CSV file): the body arrives as one buffer (express.raw, limited to the upload size), parts are
 * split on the boundary. Enough for a form with a file and a few text fields; nothing is written
 * to disk.
 */
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { BadRequestError, type AppError } from './errors.js';

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

export interface MultipartLimits {
  /** The largest file accepted; a larger one is refused with `tooLarge()`. */
  maxFileBytes: number;
  /** Room for the text fields beside the file (a pasted text, the CSRF token); default 64 kB. */
  maxFieldBytes?: number;
  /** The error (413, with a message saying what to do) for a body or a file over the limits. */
  tooLarge: () => AppError;
}

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

/** Parses a multipart body into req.body (fields) and req.uploadedFile; too large -> `tooLarge()`. */
export function multipartBody(limits: MultipartLimits) {
  // Room for the fields and the part headers around a file of the maximum size.
  const bodyLimit = limits.maxFileBytes + (limits.maxFieldBytes ?? 0) + 64 * 1024;
  const raw = express.raw({ type: 'multipart/form-data', limit: bodyLimit });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('multipart/form-data')) return next();
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string })?.type === 'entity.too.large') return next(limits.tooLarge());
      if (err) return next(err);
      try {
        const { fields, file } = parseMultipart(req.body as Buffer, req.get('content-type') ?? '');
        if (file && file.data.length > limits.maxFileBytes) return next(limits.tooLarge());
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
