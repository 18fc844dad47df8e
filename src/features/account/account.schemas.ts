import { z } from 'zod';
import { isTimeZone } from '../../lib/format-time.js';

/** A user's time zone: an IANA name from the list, or empty for the organisation's. */
export const timeZoneForm = z.strictObject({
  _csrf: z.string().optional(),
  timeZone: z
    .string({ error: 'Choose a time zone.' })
    .trim()
    .refine((v) => v === '' || isTimeZone(v), 'Choose a time zone from the list (such as Europe/Paris).'),
});
