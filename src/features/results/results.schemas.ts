/**
 * Route parameters and query strings of the results pages. Every request is parsed here; anything
 * unexpected (a malformed id, an unknown parameter, too many candidates) is a 400 with a plain
 * message, a malformed position id a 404 like every other position URL.
 */
import { z } from 'zod';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';

/** The most candidates one comparison shows side by side. */
export const MAX_COMPARE = 12;

const ID = /^[0-9a-f]{24}$/i;

export const positionParams = z.object({
  positionId: z.string().regex(ID),
});

/** Pages that take no query parameters. */
export const noQuery = z.strictObject({});

/** Paged results: `?page=N`, from 1. */
export const pageQuery = z.strictObject({
  page: z
    .string({ error: 'The page must be a whole number from 1.' })
    .regex(/^[1-9]\d{0,5}$/, 'The page must be a whole number from 1.')
    .transform(Number)
    .optional()
    .default(1),
});

const candidateId = z
  .string()
  .trim()
  .regex(ID, 'Each candidate must be given by its id (24 hexadecimal characters).')
  .transform((s) => s.toLowerCase());

export const compareQuery = z.strictObject({
  candidate: z
    .union([candidateId, z.array(candidateId)], {
      error: 'Each candidate must be given by its id (24 hexadecimal characters).',
    })
    .optional()
    .transform((v) => [...new Set(v === undefined ? [] : Array.isArray(v) ? v : [v])])
    .refine((ids) => ids.length <= MAX_COMPARE, `Compare at most ${MAX_COMPARE} candidates at a time.`),
});

export const calibrationQuery = z.strictObject({
  position: z
    .union([z.literal(''), z.string().trim().regex(ID, 'Choose a position from the list.')], {
      error: 'Choose a position from the list.',
    })
    .optional()
    .transform((v) => v || undefined),
});

/** The query as `schema` reads it, or a 400 naming the first problem. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys')
    throw new BadRequestError(`This page does not take the parameter "${issue.keys.join('", "')}".`);
  const field = issue.path[0] === undefined ? '' : `${String(issue.path[0])}: `;
  throw new BadRequestError(`${field}${issue.message}`);
}

/** The position id of the URL; a malformed one names no position (404). */
export function parsePositionId(params: unknown): string {
  const parsed = positionParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('There is no such position.');
  return parsed.data.positionId;
}
