/**
 * Messages a person can act on for framework files: a wrong type says what was expected and what
 * came ("expected a list of texts, received a string"), never "required"; an unknown field names
 * its path and the nearest known field ("unknown field competencies[2].keySkillz: did you mean
 * keySkills?"). Unknown fields are refused, never dropped: every object of the format is strict.
 */
import { z } from 'zod';

/** Paths as people read them: `competencies[3].levels[1].description`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );
}

/** What a value is, in the words of the messages: "a string", "a number", "a list", "nothing". */
export function received(input: unknown): string {
  if (input === null) return 'null';
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string') return 'a string';
  if (typeof input === 'number') return Number.isInteger(input) ? 'a whole number' : 'a number';
  if (typeof input === 'boolean') return `${input}`;
  if (typeof input === 'object') return 'an object';
  return typeof input;
}

/** Levenshtein distance, for the "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The known field nearest to an unknown one, when it is close enough to be a likely typo
 * (case differences count as nothing); otherwise null.
 */
export function nearestField(unknown: string, known: readonly string[]): string | null {
  let best: { key: string; d: number } | null = null;
  for (const key of known) {
    const d = editDistance(unknown.toLowerCase(), key.toLowerCase());
    if (!best || d < best.d) best = { key, d };
  }
  if (!best) return null;
  const limit = Math.max(2, Math.floor(Math.max(unknown.length, best.key.length) / 3));
  return best.d <= limit ? best.key : null;
}

export function unknownFieldMessage(path: readonly PropertyKey[], key: string, known: readonly string[]) {
  const where = formatPath([...path, key]);
  const near = nearestField(key, known);
  return near
    ? `unknown field ${where}: did you mean ${near}?`
    : `unknown field ${where}: known fields here are ${known.join(', ')}`;
}

/**
 * Error customisation for one schema: a wrong type says what `what` is expected and what came;
 * an absent value is "required".
 */
export function expected(what: string) {
  return {
    error: (iss: z.core.$ZodRawIssue): string | undefined =>
      iss.code === 'invalid_type'
        ? iss.input === undefined
          ? 'required'
          : `expected ${what}, received ${received(iss.input)}`
        : undefined,
  };
}

/** Separates the messages of several unknown fields of one object (split again when reporting). */
export const UNKNOWN_SEPARATOR = '\n';

/** A strict object: unknown fields are refused with the path and a hint; a wrong type says so. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T, what = 'an object') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys')
        return iss.keys.map((k) => unknownFieldMessage(iss.path ?? [], k, known)).join(UNKNOWN_SEPARATOR);
      return expected(what).error(iss);
    },
  });
}
