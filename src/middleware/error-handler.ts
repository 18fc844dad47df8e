/** The one error handler: typed errors to status codes; HTML or JSON by what the client accepts. */
import type { NextFunction, Request, Response } from 'express';
import mongoose from 'mongoose';
import { AppError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';

interface Mapped {
  status: number;
  message: string;
  fields?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Conflict',
  413: 'Request too large',
  422: 'Please check your input',
  429: 'Too many requests',
  503: 'Temporarily unavailable',
};

/**
 * The database (or the session store on it) cannot be reached: no server to select, a refused,
 * reset or closed connection, a pool cleared by the driver after such an error, or mongoose's
 * buffer timing out before a first connection. Answered 503 with a page saying so.
 */
const DATABASE_DOWN =
  /^(MongoServerSelectionError|MongooseServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoNotConnectedError|MongoTopologyClosedError|MongoPoolClearedError|MongoServerClosedError)$/;
const BUFFERING_TIMED_OUT = /buffering timed out after/;

export const DATABASE_DOWN_MESSAGE = 'The database is not reachable right now. Please try again in a moment.';
export const DATABASE_CANNOT_WRITE_MESSAGE =
  'The database cannot write right now (disk full?). Nothing was saved; please try again in a moment.';

/**
 * The database refused a write it could not make durable: the embedded engine answers
 * OutOfDiskSpace (14031, mongod's code) on a full disk and InternalError with "the database cannot
 * write" on another I/O failure; mongod itself says "No space left on device". The write was not
 * applied, and writes resume by themselves once the disk has room: answered 503.
 */
export function isDatabaseCannotWrite(err: unknown): boolean {
  const e = err as { code?: unknown; codeName?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 14031 || e.codeName === 'OutOfDiskSpace') return true;
  if (typeof e.message === 'string' && /the database cannot write|No space left on device/.test(e.message))
    return true;
  return e.cause !== undefined && e.cause !== e && isDatabaseCannotWrite(e.cause);
}
/** Seconds a client is asked to wait before retrying after a 503 for the database. */
const RETRY_AFTER_SECONDS = 5;

export function isDatabaseDown(err: unknown): boolean {
  const e = err as Error | undefined;
  if (!e) return false;
  if (DATABASE_DOWN.test(e.name ?? '')) return true;
  if (e.name === 'MongooseError' && BUFFERING_TIMED_OUT.test(e.message ?? '')) return true;
  return e.cause !== undefined && e.cause !== e && isDatabaseDown(e.cause);
}

export function mapError(err: unknown): Mapped {
  if (err instanceof AppError) return { status: err.status, message: err.message, fields: err.fields };
  if (err instanceof mongoose.Error.CastError)
    return { status: 404, message: 'We could not find that page.' };
  if (err instanceof mongoose.Error.ValidationError) {
    const fields = Object.fromEntries(Object.entries(err.errors).map(([k, v]) => [k, v.message]));
    return { status: 422, message: 'Please correct the highlighted fields.', fields };
  }
  const e = err as { code?: number; type?: string; status?: number; statusCode?: number };
  if (e?.code === 11000) return { status: 409, message: 'That already exists.' };
  if (e?.type === 'entity.too.large') return { status: 413, message: 'The request is too large.' };
  if (
    e?.type === 'entity.parse.failed' ||
    e?.type === 'encoding.unsupported' ||
    e?.type === 'charset.unsupported'
  ) {
    return { status: 400, message: 'The request body could not be read.' };
  }
  if (isDatabaseDown(err)) return { status: 503, message: DATABASE_DOWN_MESSAGE };
  if (isDatabaseCannotWrite(err)) return { status: 503, message: DATABASE_CANNOT_WRITE_MESSAGE };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, message: (err as Error).message };
  return {
    status: 500,
    message: 'Something went wrong on our side. The error has been logged; please try again.',
  };
}

export function errorHandler(logger: Logger, showStack: boolean) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const { status, message, fields } = mapError(err);
    const databaseDown = status === 503 && (isDatabaseDown(err) || isDatabaseCannotWrite(err));
    if (databaseDown) {
      // One line per request while the database is away or cannot write, not a stack trace each.
      logger.warn(
        `${req.method} ${req.originalUrl}: database ${isDatabaseDown(err) ? 'unreachable' : 'cannot write'} (${(err as Error).name}: ${(err as Error).message})`,
      );
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (status >= 500)
      logger.error(`${req.method} ${req.originalUrl} failed`, {
        error: (err as Error)?.stack ?? String(err),
      });
    const stack = showStack && status >= 500 && !databaseDown ? (err as Error)?.stack : undefined;
    res.status(status);
    res.format({
      html: () =>
        res.render('errors/error', { title: TITLES[status] ?? 'Error', status, message, fields, stack }),
      json: () => res.json({ error: message, ...(fields ? { fields } : {}), ...(stack ? { stack } : {}) }),
      default: () => res.type('text/plain').send(message),
    });
  };
}
