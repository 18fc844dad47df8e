import { z } from 'zod';

export const outboxIdSchema = z.string().regex(/^[0-9a-f]{24}$/i);

export const outboxListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
});
