/**
 * Text -> numbered source lines the parser reads. Extraction (Word, PDF, text) ends here, so every
 * format is mended the same way: run-together paragraphs split, PDF hyphenation and line wraps
 * joined, then each line classified (heading, bullet, numbered, table cells). The numbers are
 * the lines the review page shows, so provenance points at what the user sees.
 */

export interface SourceLine {
  /** 1-based line number in the mended text. */
  n: number;
  /** The line without markup (markdown, bullets, numbers). */
  text: string;
  heading: boolean;
  /** A heading only by standing alone between blank lines (no markup, not all caps). */
  bare?: boolean;
  /** The bold words a line starts with ("**Integrity:** We ..."), without a trailing colon. */
  boldLead?: string;
  bullet: boolean;
  depth: number;
  /** The number a numbered line carries ("3. Solicits Input:" -> 3). */
  number?: number;
  /** Table cells, when the line is a row (tab or `|` separated). */
  cells?: string[];
}

const SENTENCE_END = /[.:;!?"”’)\]]$/;
const BULLET = /^(\s*)(?:[-*•◦▪●○·]|o(?=\s))\s+/;
const NUMBERED = /^(\d{1,2})[.)]\s+/;

/** A collection's title glued to the first name under it ("Professional Core Competencies Customer Focus"). */
const TITLE_THEN_NAME =
  /^((?:[A-Z][\w&'’-]*\s+){0,5}(?:Competencies|Values|Behaviou?rs|Skills))\s+((?:[A-Z][\w&'’-]*\s*){1,5})$/;
const COLLECTION_WORD =
  /^(framework|model|dictionary|guide|library|handbook|list|overview|profile|matrix|summary)$/i;

/**
 * Documents pasted from web pages run their blocks together ("...customersDefinitionUnderstanding...").
 * The blocks are split apart again; a collection title glued to the first name under it is split
 * too, each set off by blank lines as the headings they were.
 */
function splitRunTogether(line: string): string[] {
  const boundary = /(?<=[a-z.?!:)])(?=[A-Z])/g;
  if (line.length < 400 || (line.match(boundary) ?? []).length < 3) return [line];
  return line
    .replace(/([.!?])\?(\s)/g, '$1$2')
    .split(boundary)
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((piece) => {
      const m = TITLE_THEN_NAME.exec(piece);
      if (!m || COLLECTION_WORD.test(m[2].trim().split(/\s+/)[0])) return [piece];
      return ['', m[1].trim(), '', m[2].trim(), ''];
    });
}

/** "... Under Development Next block": a placeholder ends its block (web pages glue the next one on). */
function splitAfterPlaceholder(line: string): string[] {
  const parts = line.split(/(?<=\bunder development\.?)\s+(?=[A-Z])/i);
  return parts.length > 1 ? parts.map((s) => s.trim()).filter(Boolean) : [line];
}

const isStructural = (line: string): boolean =>
  !line.trim() ||
  /^\s*#/.test(line) ||
  BULLET.test(line) ||
  NUMBERED.test(line.trim()) ||
  /\t|\|/.test(line) ||
  /^\s*(\*\*|<b>)/.test(line);

/** Joins what PDF extraction broke: "compe-\ntency" and sentences wrapped over several lines. */
export function mendWraps(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/ +$/, '');
    const prev = out.length ? out[out.length - 1] : undefined;
    const next = line.trim();
    const canJoin =
      prev !== undefined &&
      prev.trim() !== '' &&
      next !== '' &&
      !/\t|\|/.test(prev) &&
      !/^\s*#/.test(prev) &&
      !isStructural(line) &&
      !SENTENCE_END.test(prev.trim());
    if (canJoin && /[A-Za-z]-$/.test(prev) && /^[a-z]/.test(next)) {
      out[out.length - 1] = prev.slice(0, -1) + next;
    } else if (canJoin && (/^[a-z(]/.test(next) || (prev.trim().length >= 60 && next.length >= 40))) {
      out[out.length - 1] = `${prev} ${next}`;
    } else {
      out.push(line);
    }
  }
  return out;
}

/** Raw text (any format, after extraction) -> the mended lines, numbered from 1 by position. */
export function mendText(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    // Dot leaders ("Has a strategic focus ........") are layout, not text.
    .map((l) => l.replace(/\s*\.{4,}\s*$/, ''));
  // Wraps are mended before run-together blocks are split, so split blocks are not joined again.
  const split = mendWraps(lines).flatMap(splitRunTogether).flatMap(splitAfterPlaceholder);
  // Leading and trailing blank lines carry nothing; collapse runs of blanks to one.
  const mended = split.filter((l, i, all) => l.trim() || (i > 0 && all[i - 1].trim()));
  while (mended.length && !mended[0].trim()) mended.shift();
  while (mended.length && !mended[mended.length - 1].trim()) mended.pop();
  return mended;
}

const stripMarkup = (s: string): string =>
  s
    .replace(/<\/?(b|strong|i|em|u)>/gi, '**')
    .replace(/\\([*_#.\-|])/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/(^|\s)[*_]([^*_]+)[*_](?=\s|$|[.,:;])/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();

function isAllCapsTitle(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return (
    letters.length >= 3 &&
    letters === letters.toUpperCase() &&
    text.split(/\s+/).length <= 8 &&
    !/[.;]$/.test(text)
  );
}

export function classifyLine(raw: string, n: number): SourceLine {
  // A markdown table's separator row (|---|---|) carries nothing.
  if (/^\s*\|?\s*:?-{3,}/.test(raw) && /^[\s:|-]+$/.test(raw))
    return { n, text: '', heading: false, bullet: false, depth: 0 };
  if (/\t|\|/.test(raw) && !/^\s*\|?[\s:|-]+\|?\s*$/.test(raw)) {
    const cells = raw
      .replace(/^\s*\|/, '')
      .replace(/\|\s*$/, '')
      .split(/\t|\|/)
      .map(stripMarkup);
    while (cells.length && !cells[cells.length - 1]) cells.pop();
    if (cells.length >= 2 || /\t/.test(raw)) {
      return { n, text: cells.filter(Boolean).join(' '), heading: false, bullet: false, depth: 0, cells };
    }
  }
  let rest = raw;
  let heading = /^\s*#{1,6}\s/.test(rest);
  rest = rest.replace(/^\s*#{1,6}\s+/, '');
  const bullet = BULLET.exec(rest);
  const depth = bullet
    ? Math.floor(bullet[1].replace(/\t/g, '  ').length / 2)
    : Math.floor(/^\s*/.exec(rest)![0].length / 2);
  if (bullet) rest = rest.slice(bullet[0].length);
  rest = rest.trim();
  const wholeBold = /^(\*\*|<b>|<strong>)[^*<]+(\*\*|<\/b>|<\/strong>):?$/i.test(rest);
  const lead = /^(?:\*\*|<b>|<strong>)([^*<]+?):?(?:\*\*|<\/b>|<\/strong>):?\s+\S/i.exec(rest);
  let text = stripMarkup(rest);
  const numbered = NUMBERED.exec(text);
  if (numbered) text = text.slice(numbered[0].length).trim();
  if (!bullet && !numbered && (wholeBold || isAllCapsTitle(text))) heading = true;
  return {
    n,
    text,
    heading: heading && text.length > 0,
    boldLead: lead ? stripMarkup(lead[1]).replace(/:$/, '') : undefined,
    bullet: !!bullet,
    depth,
    number: numbered ? Number(numbered[1]) : undefined,
  };
}

/** A short title-like line standing alone between blank lines: a heading in documents without markup. */
function isBareHeading(line: SourceLine, before: string | undefined, after: string | undefined): boolean {
  return (
    !line.bullet &&
    line.number === undefined &&
    !line.cells &&
    !before?.trim() &&
    !after?.trim() &&
    line.text.length <= 60 &&
    line.text.split(/\s+/).length <= 6 &&
    /^[A-Z]/.test(line.text) &&
    !/[.;,:!?]$/.test(line.text)
  );
}

export function classify(lines: string[]): SourceLine[] {
  return lines.map((l, i) => {
    const line = classifyLine(l, i + 1);
    if (!line.heading && line.text && isBareHeading(line, lines[i - 1], lines[i + 1])) {
      line.heading = true;
      line.bare = true;
    }
    return line;
  });
}

const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
]);

/** "JUDGMENT AND DECISION MAKING" -> "Judgment and Decision Making"; mixed case is left alone. */
export function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+|-|\/)/)
    .map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}
