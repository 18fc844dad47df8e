import { z } from 'zod';
import { ROLES } from './user.model.js';

export const email = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.org.' }));

export const password = z
  .string({ error: 'Enter a password.' })
  .min(12, 'Use at least 12 characters.')
  .max(200, 'Use at most 200 characters.');

export const name = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(120, 'Use at most 120 characters.');

/** Checkbox groups arrive as a string (one box) or an array (several) or not at all (none). */
export const roles = z
  .union([z.enum(ROLES), z.array(z.enum(ROLES))], { error: 'Choose roles from the list.' })
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v]));

export const newPasswordForm = z
  .object({ password, confirm: z.string({ error: 'Repeat the password.' }) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

export const setupForm = z
  .object({ email, name, password, confirm: z.string({ error: 'Repeat the password.' }) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

export const inviteForm = z
  .object({ email, name, roles })
  .refine((v) => v.roles.length > 0, { path: ['roles'], message: 'Choose at least one role.' });

export const rolesForm = z
  .object({ roles })
  .refine((v) => v.roles.length > 0, { path: ['roles'], message: 'Choose at least one role.' });

export const acceptInviteForm = z
  .object({ name, password, confirm: z.string({ error: 'Repeat the password.' }) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

export const loginForm = z.object({
  email: z.string().trim().toLowerCase().max(254).default(''),
  password: z.string().max(200).default(''),
  returnTo: z.string().max(512).optional(),
});

export const forgotForm = z.object({ email });

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'Not a valid id.');
export const token = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not a valid link.');

/** zod issues as { field: message } for forms and JSON clients (first message per field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}
