/**
 * Shapes of competency job aids (one competency per page, often pasted from a web page): notes to
 * the reader, parts left "Under Development" under their own label, key elements each with
 * distinguishing behaviors, and a proficiency table the document says applies to all competencies.
 */
import {
  NOTE_LINE,
  SCALE_FOR_ALL,
  UNDER_DEVELOPMENT,
  labelled,
  placeholderLabel,
  type Section,
} from './parse-rules.js';
import type { ParseState } from './parse-state.js';
import type { SourceLine } from './source-lines.js';

const BARE_PLACEHOLDER = /^under development\.?$/i;
/** One short sentence (a key element), not a paragraph. */
const isElement = (text: string) =>
  text.length <= 160 &&
  !/:$/.test(text) &&
  !/[.!?]\s+[A-Z]/.test(text.replace(/\s*under development\.?$/i, ''));

function readKeyElement(s: ParseState, line: SourceLine): boolean {
  const c = s.cur!;
  const text = line.text;
  if (/^distinguishing behaviou?rs?:?$/i.test(text)) return (s.mark(line.n), true);
  const last = c.keyElements[c.keyElements.length - 1];
  if (line.bullet && last && (line.depth > 0 || !s.elementsAreBullets)) {
    last.distinguishingBehaviors.push(text);
    const i = c.keyElements.length - 1;
    s.take(`keyElements[${i}].distinguishingBehaviors[${last.distinguishingBehaviors.length - 1}]`, line.n);
    return true;
  }
  if (BARE_PLACEHOLDER.test(text)) return false;
  if (!isElement(text)) {
    // A paragraph after the elements: the table has ended.
    s.section = 'other';
    return false;
  }
  const placeholder = UNDER_DEVELOPMENT.test(text);
  const element = placeholder
    ? text
        .replace(UNDER_DEVELOPMENT, '')
        .replace(/[.\s]+$/, '.')
        .trim()
    : text;
  if (!c.keyElements.length) s.elementsAreBullets = line.bullet;
  c.keyElements.push({ element, distinguishingBehaviors: [] });
  s.take(`keyElements[${c.keyElements.length - 1}]`, line.n);
  if (placeholder) s.addAbsent('distinguishingBehaviors', line.n);
  return true;
}

/** Reads a job-aid line; true when it took the line. */
export function readJobAidLine(s: ParseState, line: SourceLine, marker: Section | undefined): boolean {
  const text = line.text;
  const pending = s.pendingAbsent;
  s.pendingAbsent = undefined;
  const note = NOTE_LINE.exec(text);
  if (note) {
    if (s.cur) s.push('notes', note[2], line.n);
    else {
      s.frameworkNotes.push(note[2]);
      s.mark(line.n);
    }
    return true;
  }
  if (s.cur && text.length > 80 && SCALE_FOR_ALL.test(text)) {
    // The levels that follow are the framework's scale, not this competency's.
    s.cur = undefined;
    s.scale ??= {
      key: 'imported-proficiency-scale',
      name: 'Proficiency levels',
      kind: 'proficiency',
      points: [],
    };
    s.section = 'scale';
    s.scalePoint = undefined;
    s.frameworkNotes.push(text);
    s.mark(line.n);
    return true;
  }
  if (!s.cur) return false;
  if (pending && BARE_PLACEHOLDER.test(text)) return (s.addAbsent(pending, line.n), true);
  const lab = labelled(text);
  const absent = marker ? undefined : placeholderLabel(lab?.label ?? text.replace(/:$/, ''));
  if (absent && lab && UNDER_DEVELOPMENT.test(lab.description)) return (s.addAbsent(absent, line.n), true);
  if (absent && !lab && text.split(/\s+/).length <= 8) {
    s.pendingAbsent = absent;
    s.mark(line.n);
    return true;
  }
  if (s.section === 'keyElements' && !marker) return readKeyElement(s, line);
  return false;
}
