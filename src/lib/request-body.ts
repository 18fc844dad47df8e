/**
 * A request's parsed body as a plain object of fields. No body, or a JSON body that is not an object
 * (an array, a string, a number), reads as no fields at all, so validation reports the fields that
 * are missing instead of a problem no form shows.
 */
export function bodyOf(req: { body?: unknown }): Record<string, unknown> {
  const body = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
