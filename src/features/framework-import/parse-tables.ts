/**
 * Table rows (tab or `|` columns): a competency table (competency | definition | required level
 * per grade), two-column effective / ineffective behaviors, and label rows ("Competency",
 * "Definition", "Rating Scale", "Factors") as in one-page competency sheets.
 */
import { ABSENT_FOR, levelLine, norm, sectionMarker, type Section } from './parse-rules.js';
import type { ParseState } from './parse-state.js';
import type { SourceLine } from './source-lines.js';

const ABSENT_LABELS: Record<string, string> = {
  standards: 'standards',
  importance: 'importance',
  training: 'training',
  'interview questions': 'interviewQuestions',
};

const asLine = (text: string, n: number): SourceLine => ({
  n,
  text,
  heading: false,
  bullet: false,
  depth: 0,
});

/** A factor cell "Completeness Fails to provide ..." or "Completeness: Fails ...": name and first anchor. */
function factorCell(cell: string): { name: string; description: string } {
  const colon = /^([^:]{2,40}):\s*(.+)$/.exec(cell);
  if (colon) return { name: colon[1].trim(), description: colon[2].trim() };
  const space = cell.indexOf(' ');
  return space < 0
    ? { name: cell, description: '' }
    : { name: cell.slice(0, space), description: cell.slice(space + 1).trim() };
}

export function handleRow(s: ParseState, line: SourceLine): void {
  const cells = line.cells!;
  const [first, ...rest] = cells;
  const restText = rest.filter(Boolean);
  const firstNorm = norm(first);

  // Header rows decide how the rows below are read.
  if (/^(competenc(y|ies)|name)$/.test(firstNorm) && rest.some((c) => /definition|description/i.test(c))) {
    s.table = { kind: 'competencies', headers: cells };
    s.mark(line.n);
    return;
  }
  const markers = cells.map((c) => sectionMarker(asLine(c, line.n)));
  if (markers[0] === 'effective' && markers[1] === 'ineffective') {
    s.table = { kind: 'behaviors' };
    s.section = 'effective';
    s.mark(line.n);
    return;
  }

  if (s.table?.kind === 'competencies' && first) {
    const headers = s.table.headers;
    s.startCompetency(first, line.n);
    rest.forEach((cell, i) => {
      const header = headers[i + 1] ?? '';
      if (!cell) return;
      if (/definition|description/i.test(header) && !s.cur!.definition) {
        s.cur!.definition = cell;
        s.take('definition', line.n);
      } else if (/^\d{1,2}$/.test(cell.replace(/^level\s*/i, ''))) {
        s.cur!.requiredLevels.push({
          grade: header.replace(/^required level( for)?\s*/i, '') || `Column ${i + 2}`,
          level: Number(cell.replace(/\D/g, '')),
        });
        s.take('requiredLevels', line.n);
      }
    });
    return;
  }
  if (s.table?.kind === 'behaviors' && s.cur) {
    if (first) s.push('effectiveBehaviors', first, line.n);
    if (rest[0]) s.push('ineffectiveBehaviors', rest[0], line.n);
    return;
  }

  // Label rows of a one-page competency sheet.
  if (firstNorm === 'competency' && restText.length) {
    s.startCompetency(restText.join(' '), line.n);
    return;
  }
  if (!s.cur) return;
  const c = s.cur;
  const marker: Section | undefined = first ? sectionMarker(asLine(first, line.n)) : undefined;
  if (marker === 'definition' && restText.length) {
    c.definition = restText.join(' ');
    s.take('definition', line.n);
    return;
  }
  if (marker === 'scale' && restText.length >= 2) {
    s.ratingScale = {
      key: `${c.key}-rating`,
      name: `${c.name} rating scale`,
      kind: 'rating',
      points: restText.map((label, i) => ({ value: i + 1, label, indicators: [] })),
    };
    s.scales.push(s.ratingScale);
    c.ratingScaleKey = s.ratingScale.key;
    s.take('ratingScaleKey', line.n);
    s.section = 'factors';
    return;
  }
  if ((marker === 'factors' || (!first && s.section === 'factors')) && s.ratingScale && rest[0]) {
    const { name, description } = factorCell(rest[0]);
    const anchors = [description, ...rest.slice(1)]
      .map((d, i) => ({ level: s.ratingScale!.points[i]?.label ?? `Point ${i + 1}`, description: d }))
      .filter((a) => a.description);
    c.ratingFactors.push({ name, anchors });
    s.take(`ratingFactors[${c.ratingFactors.length - 1}]`, line.n);
    s.section = 'factors';
    return;
  }
  if (ABSENT_LABELS[firstNorm] && !restText.length) {
    s.addAbsent(ABSENT_LABELS[firstNorm], line.n);
    return;
  }
  if (marker && !restText.length) {
    s.section = marker;
    if (/under development/i.test(rest.join(' '))) s.addAbsent(ABSENT_FOR[marker], line.n);
    else s.mark(line.n);
    return;
  }
  const level = levelLine(first);
  if (level && restText.length) {
    s.addLevel(
      {
        number: level.number,
        label: level.label ?? `Level ${level.number}`,
        description: restText.join(' '),
        indicators: [],
      },
      line.n,
    );
    return;
  }
  // "Label | description" rows inside a levels section: a level per row.
  if (s.section === 'levels' && first && restText.length) {
    s.addLevel(
      { number: c.levels.length + 1, label: first, description: restText.join(' '), indicators: [] },
      line.n,
    );
    return;
  }
}
