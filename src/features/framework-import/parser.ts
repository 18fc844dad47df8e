/**
 * Lines -> a draft framework (format v2) with provenance per field, and the lines nothing used.
 * A pure function of its input: the same document always gives the same draft. Lines the user
 * reassigned on the review page are left out here and placed by `applyAssignments`.
 */
import type { ParseResult } from './draft.types.js';
import {
  ABSENT_FOR,
  UNDER_DEVELOPMENT,
  capsCompetencyLine,
  isPlaceholder,
  labelled,
  levelLine,
  norm,
  organisationName,
  performanceLabel,
  requiredLevelsLine,
  sectionMarker,
} from './parse-rules.js';
import { readJobAidLine } from './parse-job-aid.js';
import { proseReading } from './parse-prose.js';
import { ParseState } from './parse-state.js';
import { handleRow } from './parse-tables.js';
import { readContent } from './parse-content.js';
import { readScaleLine, scaleLabelOf } from './parse-scale.js';
import { classify, type SourceLine } from './source-lines.js';

/** Lines the parser must leave alone (reassigned by the user), and lines forced to start a competency. */
export interface ParseOptions {
  skip?: Set<number>;
  competencyStarts?: Set<number>;
}

export function parseLines(lines: string[], document: string, options: ParseOptions = {}): ParseResult {
  const s = new ParseState(document);
  const source = classify(lines);
  /** Headings seen since the last content line: a run of three or more is a list of names, not a section. */
  let headingRun: SourceLine[] = [];

  for (const [i, line] of source.entries()) {
    s.afterBlank = i > 0 && !source[i - 1].text;
    if (options.skip?.has(line.n)) continue;
    if (!line.text) {
      s.paragraph = undefined;
      continue;
    }
    if (line.heading && !s.competencies.length && !s.organization && organisationName(line.text)) {
      s.organization = line.text;
      s.mark(line.n);
      continue;
    }
    if (options.competencyStarts?.has(line.n)) {
      s.startCompetency(line.text, line.n);
      headingRun = [];
      continue;
    }
    if (line.cells) {
      if (headingRun.length && !s.frameworkTitle) {
        s.frameworkTitle = headingRun[0].text;
        s.mark(headingRun[0].n);
      }
      headingRun = [];
      handleRow(s, line);
      continue;
    }
    const marker = sectionMarker(line);
    if (opensHeading(s, line, marker)) {
      s.paragraph = undefined;
      s.table = undefined;
      headingRun.push(line);
      continue;
    }
    if (headingRun.length) {
      const pending = headingRun[headingRun.length - 1];
      const named = line.boldLead && norm(line.boldLead) === norm(pending.text);
      const structured = !!(
        marker ||
        line.bullet ||
        line.number !== undefined ||
        levelLine(line.text) ||
        named
      );
      if (headingRun.length > 1) s.lastTitle = headingRun[headingRun.length - 2].text;
      const titlesOnly =
        marker === 'scale' || (marker === 'levels' && !s.cur && !named) || !!capsCompetencyLine(line);
      if (!s.frameworkTitle && (headingRun.length > 1 || titlesOnly)) {
        s.frameworkTitle = headingRun[0].text;
        s.mark(headingRun[0].n);
      }
      if ((headingRun.length < 3 || structured) && !titlesOnly) {
        s.startCompetency(pending.text, pending.n);
        if (headingRun.length > 1) s.mark(headingRun[0].n);
      } else {
        s.lastTitle = pending.text;
      }
      headingRun = [];
    }
    readLine(s, line, marker);
  }
  const read = proseReading(s, source) ?? s;
  const draft = read.draft();
  const unusedLines = source
    .filter((l) => l.text && !read.used.has(l.n) && !options.skip?.has(l.n))
    .map((l) => ({ line: l.n, text: lines[l.n - 1].trim() }));
  return { draft, unusedLines };
}

/**
 * A heading that names something (a competency, a title), not a label the sections use; inside a
 * framework scale, bare title-like lines are its point names, only marked-up headings end it.
 */
function opensHeading(s: ParseState, line: SourceLine, marker: ReturnType<typeof sectionMarker>): boolean {
  if (!line.heading || marker || (s.section === 'scale' && !s.cur && line.bare)) return false;
  const text = line.text;
  return !levelLine(text) && !performanceLabel(text) && !scaleLabelOf(s, text) && !isPlaceholder(text);
}

function readLine(s: ParseState, line: SourceLine, marker: ReturnType<typeof sectionMarker>): void {
  const text = line.text;
  const caps = capsCompetencyLine(line);
  if (caps) {
    const c = s.startCompetency(caps.name, line.n, line.number);
    c.definition = caps.definition;
    s.take('definition', line.n);
    return;
  }
  if (readJobAidLine(s, line, marker)) return;
  if (!s.cur || s.section === 'scale') {
    if (readScaleLine(s, line, marker)) return;
    if (!s.cur) return;
  }
  const c = s.cur;
  if (marker) {
    s.section = marker;
    s.level = marker === 'levels' ? undefined : s.level;
    s.paragraph = undefined;
    if (marker !== 'keySkills' && marker !== 'levels') s.keySkill = undefined;
    if (marker === 'indicators' || marker === 'effective' || marker === 'ineffective') s.level = undefined;
    s.mark(line.n);
    return;
  }
  const lab = labelled(text);
  const labelSection = lab ? sectionMarker({ ...line, text: lab.label }) : undefined;
  if (UNDER_DEVELOPMENT.test(text) && (labelSection || /^under development\.?$/i.test(text))) {
    s.addAbsent(ABSENT_FOR[labelSection ?? s.section ?? 'definition'], line.n);
    return;
  }
  if (lab && labelSection === 'definition' && !c.definition) {
    c.definition = lab.description;
    s.take('definition', line.n);
    return;
  }
  const lvl = levelLine(text);
  if (lvl) {
    s.addLevel(
      {
        number: lvl.number,
        label: lvl.label ?? `Level ${lvl.number}`,
        description: lvl.description,
        indicators: [],
      },
      line.n,
    );
    return;
  }
  const point = scaleLabelOf(s, text);
  if (point && !line.bullet) {
    s.addLevel(
      { number: point.value, label: point.label, description: lab?.description, indicators: [] },
      line.n,
    );
    return;
  }
  const perf = performanceLabel(text);
  if (perf && (s.section === 'performance' || !line.bullet)) {
    s.section = 'performance';
    if (perf.description) {
      c.performanceLevels.push({ label: perf.label, description: perf.description });
      s.take(`performanceLevels[${c.performanceLevels.length - 1}]`, line.n);
    } else s.perfLabel = { label: perf.label, line: line.n };
    return;
  }
  const required = requiredLevelsLine(text);
  if (required) {
    c.requiredLevels.push(...required);
    s.take('requiredLevels', line.n);
    return;
  }
  if (line.boldLead && norm(line.boldLead) === norm(c.name) && !c.definition) {
    c.definition = text.slice(text.indexOf(':') + 1).trim();
    s.take('definition', line.n);
    s.paragraph = (more, n) => {
      c.definition = `${c.definition} ${more}`;
      s.take('definition', n);
    };
    return;
  }
  readContent(s, line);
}
