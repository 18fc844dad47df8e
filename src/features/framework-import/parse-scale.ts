/**
 * A framework-wide proficiency scale printed before the competencies ("Proficiency scale:
 * Foundational – ..., Proficient – ..."): its points become the labels competency levels may use.
 */
import { isShortLabel, labelled, levelLine, norm, type Section } from './parse-rules.js';
import type { ParseState } from './parse-state.js';
import type { SourceLine } from './source-lines.js';

/** The framework scale's point a label names ("Proficient", "Advanced: ..."). */
export function scaleLabelOf(s: ParseState, text: string) {
  const label = norm(labelled(text)?.label ?? text);
  return s.scale?.points.find((p) => norm(p.label) === label);
}

const SMALL = /^(a|an|and|of|the|to|in|for|or|with)$/;
/** A scale point's name ("Entry", "Fully Proficient"), not a short indicator ("Has a long-term perspective"). */
const isPointName = (text: string): boolean => {
  const words = text.replace(/:$/, '').split(/\s+/);
  return words.length <= 4 && words.every((w, i) => /^[A-Z0-9]/.test(w) || (i > 0 && SMALL.test(w)));
};

/** Reads a line outside any competency; true when the scale took it. */
export function readScaleLine(s: ParseState, line: SourceLine, marker: Section | undefined): boolean {
  if (marker === 'scale' || (marker === 'levels' && !s.cur)) {
    s.scale ??= {
      key: 'imported-proficiency-scale',
      name: line.text.replace(/:$/, ''),
      kind: 'proficiency',
      points: [],
    };
    s.section = 'scale';
    s.scalePoint = undefined;
    s.mark(line.n);
    return true;
  }
  if (s.section !== 'scale' || !s.scale) return false;
  const points = s.scale.points;
  const take = () => s.mark(line.n);
  // The table's second column header ("Proficiency Description").
  if (!s.scalePoint && /^(proficiency |level )?(descriptions?|definitions?)$/i.test(line.text))
    return (take(), true);
  // After a blank line, a sentence that is no label ends the scale (a page footer, a new part).
  const sentence = !line.bullet && !labelled(line.text) && !isPointName(line.text);
  if (s.afterBlank && s.scalePoint?.description && sentence) {
    s.section = undefined;
    return false;
  }
  const lvl = levelLine(line.text);
  const lab = labelled(line.text);
  if (lvl?.label || (!line.bullet && lab)) {
    s.scalePoint = {
      value: lvl?.number ?? points.length + 1,
      label: lvl?.label ?? lab!.label,
      ...((lvl ? lvl.description : lab!.description)
        ? { description: lvl ? lvl.description : lab!.description }
        : {}),
      indicators: [],
    };
    points.push(s.scalePoint);
    return (take(), true);
  }
  if (!line.bullet && isShortLabel(line.text) && (!s.scalePoint || isPointName(line.text))) {
    s.scalePoint = { value: points.length + 1, label: line.text, indicators: [] };
    points.push(s.scalePoint);
    return (take(), true);
  }
  if (!s.scalePoint) return false;
  if (!line.bullet && !s.scalePoint.description) s.scalePoint.description = line.text;
  else s.scalePoint.indicators.push(line.text);
  return (take(), true);
}
