/**
 * A framework-wide proficiency scale printed before the competencies ("Proficiency scale:
 * Foundational – ..., Proficient – ..."): its points become the labels competency levels may use.
 */
import { isShortLabel, labelled, levelLine, type Section } from './parse-rules.js';
import type { ParseState } from './parse-state.js';
import type { SourceLine } from './source-lines.js';

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
  if (!line.bullet && isShortLabel(line.text)) {
    s.scalePoint = { value: points.length + 1, label: line.text, indicators: [] };
    points.push(s.scalePoint);
    return (take(), true);
  }
  if (!s.scalePoint) return false;
  if (!line.bullet && !s.scalePoint.description) s.scalePoint.description = line.text;
  else s.scalePoint.indicators.push(line.text);
  return (take(), true);
}
