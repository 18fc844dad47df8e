/**
 * POST /api/generate (signed in; CSRF through the X-CSRF-Token header, checked by the app's
 * csrf middleware): generated items for one competency and level, as JSON.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { ValidationError } from '../../lib/errors.js';
import { requireLogin } from '../../middleware/auth.js';
import { mapError } from '../../middleware/error-handler.js';
import { generateFor, loadGeneratorSource } from '../question-bank/generator-source.js';
import { GENERATOR_KINDS, type GeneratorKind } from './types.js';

const context = z.string().trim().max(200, 'Use at most 200 characters.').optional();

const generateBody = z.object(
  {
    competencyId: z
      .string({ error: 'Give competencyId, the id of a competency.' })
      .regex(/^[0-9a-f]{24}$/i, 'competencyId is not a valid id.'),
    level: z.coerce
      .number({ error: 'Give level, a proficiency level number.' })
      .int('level must be a whole number.')
      .min(0, 'level must be 0 or more.')
      .max(99, 'level must be 99 or less.'),
    kinds: z
      .array(z.string(), { error: `kinds must be a list of: ${GENERATOR_KINDS.join(', ')}.` })
      .min(1, `kinds is empty: choose from ${GENERATOR_KINDS.join(', ')}.`)
      .max(10)
      .optional(),
    candidateName: context,
    jobTitle: context,
    scaleKey: z.string().max(200).optional(),
  },
  { error: 'Send a JSON object with competencyId, level and kinds.' },
);

function parse(body: unknown) {
  const parsed = generateBody.safeParse(body ?? undefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      issue.path[0] === 'level' && issue.code === 'invalid_type'
        ? 'Give level, a proficiency level number.'
        : issue.message;
    throw new ValidationError(message);
  }
  const unknown = (parsed.data.kinds ?? []).filter(
    (k) => !(GENERATOR_KINDS as readonly string[]).includes(k),
  );
  if (unknown.length)
    throw new ValidationError(`Unknown kind “${unknown[0]}”: choose from ${GENERATOR_KINDS.join(', ')}.`);
  return { ...parsed.data, kinds: parsed.data.kinds as GeneratorKind[] | undefined };
}

export function generateApiRouter(_deps: AppDeps): Router {
  const r = Router();
  r.post('/api/generate', requireLogin, async (req, res) => {
    const body = parse(req.body);
    const source = await loadGeneratorSource(body.competencyId);
    const items = generateFor(source, {
      level: body.level,
      scaleKey: body.scaleKey,
      kinds: body.kinds,
      context: { jobTitle: body.jobTitle, candidateName: body.candidateName },
    });
    res.json({ items });
  });
  // A JSON route answers JSON whatever the client accepts; server errors go to the app's handler.
  r.use('/api/generate', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const { status, message, fields } = mapError(err);
    if (status >= 500) return next(err);
    res.status(status).json({ error: message, ...(fields ? { fields } : {}) });
  });
  return r;
}
