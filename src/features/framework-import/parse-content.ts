/**
 * Content lines inside a competency: bullets, numbered behaviors, key skills and paragraphs,
 * placed by the section they are in (levels, indicators, effective/ineffective, performance).
 */
import { isShortLabel, labelled } from './parse-rules.js';
import type { ParseState } from './parse-state.js';
import type { SourceLine } from './source-lines.js';

/** Bullets, numbered behaviors, key skills and paragraphs, by the section they are in. */
export function readContent(s: ParseState, line: SourceLine): void {
  const c = s.cur!;
  const text = line.text;
  const listItem = line.bullet || line.number !== undefined;
  // "3. Solicits Input:" or a bold "Builds Team Spirit:" on its own: a numbered behavior group (a level).
  if (
    line.number !== undefined &&
    /:$/.test(text) &&
    text.split(/\s+/).length <= 8 &&
    s.section !== 'keySkills'
  ) {
    s.addLevel({ number: line.number, label: text.replace(/:$/, '').trim(), indicators: [] }, line.n);
    return;
  }
  if (
    s.section === 'keySkills' &&
    !line.bullet &&
    (line.heading || line.boldLead || isShortLabel(text.replace(/:$/, '')) || labelled(text))
  ) {
    const lab = labelled(text);
    const name = (line.boldLead ?? lab?.label ?? text).replace(/:$/, '');
    const definition =
      line.boldLead || lab ? text.slice(text.indexOf(':') + 1).trim() || undefined : undefined;
    s.keySkill = { name, ...(definition ? { definition } : {}), levels: [], indicators: [] };
    c.keySkills.push(s.keySkill);
    s.level = undefined;
    s.take(`keySkills[${c.keySkills.length - 1}]`, line.n);
    return;
  }
  if (listItem) {
    if (s.section === 'effective' || s.section === 'ineffective') {
      return s.push(s.section === 'effective' ? 'effectiveBehaviors' : 'ineffectiveBehaviors', text, line.n);
    }
    if (s.section === 'indicators') return s.push('behavioralIndicators', text, line.n);
    if (s.level && s.section !== 'performance') {
      if (s.indicatorDepth !== undefined && line.depth < s.indicatorDepth && !s.keySkill) {
        s.addLevel({ indicators: [] }, line.n);
      }
      s.indicatorDepth ??= line.depth;
      s.level.indicators.push(text);
      s.take(`${s.levelPath}.indicators[${s.level.indicators.length - 1}]`, line.n);
      return;
    }
    if (s.keySkill) {
      const i = c.keySkills.indexOf(s.keySkill);
      s.keySkill.indicators.push(text);
      s.take(`keySkills[${i}].indicators[${s.keySkill.indicators.length - 1}]`, line.n);
      return;
    }
    if (s.section === undefined || s.section === 'definition')
      return s.push('behavioralIndicators', text, line.n);
    return;
  }
  if (s.paragraph) return s.paragraph(text, line.n);
  if (s.perfLabel) {
    const perf = { label: s.perfLabel.label, description: text };
    c.performanceLevels.push(perf);
    s.take(`performanceLevels[${c.performanceLevels.length - 1}]`, s.perfLabel.line, line.n);
    s.perfLabel = undefined;
    s.paragraph = (more, n) => {
      perf.description = `${perf.description} ${more}`;
      s.take(`performanceLevels[${c.performanceLevels.length - 1}]`, n);
    };
    return;
  }
  if (s.level && !s.level.description && s.indicatorDepth === undefined) {
    const level = s.level;
    level.description = text;
    s.take(`${s.levelPath}.description`, line.n);
    s.paragraph = (more, n) => {
      level.description = `${level.description} ${more}`;
      s.take(`${s.levelPath}.description`, n);
    };
    return;
  }
  if (s.keySkill && !s.keySkill.definition && !s.keySkill.levels.length) {
    s.keySkill.definition = text;
    s.take(`keySkills[${c.keySkills.indexOf(s.keySkill)}].definition`, line.n);
    return;
  }
  if (s.section === 'effective' || s.section === 'ineffective' || s.section === 'indicators') {
    const field =
      s.section === 'effective'
        ? 'effectiveBehaviors'
        : s.section === 'ineffective'
          ? 'ineffectiveBehaviors'
          : 'behavioralIndicators';
    return s.push(field, text, line.n);
  }
  if (!c.definition && (s.section === undefined || s.section === 'definition') && !c.levels.length) {
    c.definition = text;
    s.take('definition', line.n);
    s.paragraph = (more, n) => {
      c.definition = `${c.definition} ${more}`;
      s.take('definition', n);
    };
  }
}
