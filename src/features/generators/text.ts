/** Small text helpers shared by the generators: stable choice, casing, joining. */

/** FNV-1a: a stable hash, so the same input always picks the same template. */
export function stableHash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function pick<T>(options: readonly T[], ...seed: (string | number)[]): T {
  return options[stableHash(...seed) % options.length];
}

/** Lower-cases the first letter unless the word is an acronym ("HR") or "I". */
export function lcFirst(s: string): string {
  if (!s || /^[A-Z]{2}|^I\b/.test(s)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function ucFirst(s: string): string {
  const i = s.search(/[A-Za-z]/);
  return i < 0 ? s : s.slice(0, i) + s.charAt(i).toUpperCase() + s.slice(i + 1);
}

/** The name as it reads inside a sentence: "Judgment and Decision Making" -> "judgment and decision making". */
export function inSentence(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** Ends a sentence with `mark` unless it already ends with terminal punctuation. */
export function finish(s: string, mark = '.'): string {
  const t = s.trim().replace(/[,;:\s]+$/, '');
  if (/[.?!]["”’)]*$/.test(t)) return t;
  return t + mark;
}

/** "a, b and c". */
export function listJoin(items: string[], word = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  // Items that hold commas themselves are separated by semicolons, so the list stays readable.
  const sep = items.some((i) => i.includes(',')) ? '; ' : ', ';
  const last = items.length > 2 || sep === '; ' ? `${sep.trim()} ${word} ` : ` ${word} `;
  return items.slice(0, -1).join(sep) + last + items[items.length - 1];
}

export function possessive(name: string): string {
  return `${name}’s`;
}

export const article = (word: string) =>
  /^[aeiou]/i.test(word) && !/^(uni|use|eu)/i.test(word) ? 'an' : 'a';
