/**
 * The parser's working state: the competency being read, the section and level it is in, and the
 * lines already used. Every field written goes through `take`, which records provenance, so no
 * field exists without the lines it came from.
 */
import type { Draft, DraftCompetency, DraftKeySkill, DraftLevel, DraftScale } from './draft.types.js';
import type { Section } from './parse-rules.js';
import { slugify } from './parse-rules.js';
import { titleCase } from './source-lines.js';

export class ParseState {
  readonly competencies: DraftCompetency[] = [];
  readonly used = new Set<number>();
  cur?: DraftCompetency;
  section?: Section;
  level?: DraftLevel;
  levelPath?: string;
  /** Depth of the first indicator of the current level: a shallower bullet starts an unnumbered level. */
  indicatorDepth?: number;
  keySkill?: DraftKeySkill;
  perfLabel?: { label: string; line: number };
  /** A paragraph that may continue on the next line: where its text goes. */
  paragraph?: (text: string, line: number) => void;
  scale?: DraftScale;
  scalePoint?: DraftScale['points'][number];
  ratingScale?: DraftScale;
  readonly scales: DraftScale[] = [];
  table?: { kind: 'competencies'; headers: string[] } | { kind: 'behaviors' };
  lastTitle?: string;
  frameworkTitle?: string;
  /** The organisation named above the title ("Office of Financial Management"). */
  organization?: string;
  /** Notes to the reader outside any competency. */
  readonly frameworkNotes: string[] = [];
  /** A placeholder label ("Examples of Training") waiting for its "Under Development". */
  pendingAbsent?: string;
  /** Whether the key elements being read are bullets (then deeper bullets are their behaviors). */
  elementsAreBullets?: boolean;
  /** A blank line came before the line being read. */
  afterBlank = false;

  constructor(readonly document: string) {}

  mark(line: number): void {
    this.used.add(line);
  }

  /** Records that `line` (to `lineEnd`) gave the field at `part` of the current competency. */
  take(part: string, line: number, lineEnd?: number, c = this.cur): void {
    this.used.add(line);
    if (lineEnd) for (let n = line; n <= lineEnd; n++) this.used.add(n);
    c?.provenance.push({
      part,
      document: this.document,
      line,
      ...(lineEnd && lineEnd !== line ? { lineEnd } : {}),
    });
  }

  startCompetency(name: string, line: number, code?: number): DraftCompetency {
    const c: DraftCompetency = {
      key: slugify(name),
      ...(code !== undefined ? { code: String(code) } : {}),
      name: titleCase(name.replace(/:$/, '').trim()),
      kind: this.lastTitle && /\bvalues?\b/i.test(this.lastTitle) ? 'core-value' : 'behavioral',
      levels: [],
      behavioralIndicators: [],
      effectiveBehaviors: [],
      ineffectiveBehaviors: [],
      keySkills: [],
      keyElements: [],
      requiredLevels: [],
      performanceLevels: [],
      ratingFactors: [],
      absentSections: [],
      notes: [],
      provenance: [],
    };
    this.competencies.push(c);
    this.cur = c;
    this.section = undefined;
    this.level = undefined;
    this.keySkill = undefined;
    this.perfLabel = undefined;
    this.paragraph = undefined;
    this.ratingScale = undefined;
    this.take('name', line);
    return c;
  }

  addLevel(level: DraftLevel, line: number): void {
    const c = this.cur!;
    if (this.keySkill) {
      const i = c.keySkills.indexOf(this.keySkill);
      this.keySkill.levels.push(level);
      this.levelPath = `keySkills[${i}].levels[${this.keySkill.levels.length - 1}]`;
    } else {
      c.levels.push(level);
      this.levelPath = `levels[${c.levels.length - 1}]`;
    }
    this.level = level;
    this.indicatorDepth = undefined;
    this.take(this.levelPath, line);
    this.paragraph = level.description
      ? (text, n) => {
          level.description = `${level.description} ${text}`;
          this.take(`${this.levelPath}.description`, n);
        }
      : undefined;
  }

  addAbsent(name: string | undefined, line: number): void {
    if (!this.cur || !name) return this.mark(line);
    if (!this.cur.absentSections.includes(name)) this.cur.absentSections.push(name);
    this.take('absentSections', line);
  }

  /** Appends to a list field of the current competency and records it. */
  push(
    field: 'behavioralIndicators' | 'effectiveBehaviors' | 'ineffectiveBehaviors' | 'notes',
    text: string,
    line: number,
  ): void {
    const list = this.cur![field];
    list.push(text);
    this.take(`${field}[${list.length - 1}]`, line);
  }

  /**
   * A document's title followed by an introduction reads like a competency with a definition; when
   * other competencies follow and it holds nothing else, it is the title (its lines left for review).
   */
  private dropTitleCompetency(): void {
    const [first, ...others] = this.competencies;
    if (!first || !others.length || this.frameworkTitle) return;
    const onlyDefinition = first.provenance.every((p) => p.part === 'name' || p.part === 'definition');
    if (!onlyDefinition || first.provenance[0]?.line !== 1) return;
    this.frameworkTitle = first.name;
    this.competencies.shift();
    for (const p of first.provenance) if (p.part === 'definition') this.used.delete(p.line!);
  }

  draft(): Draft {
    this.dropTitleCompetency();
    const seen = new Map<string, number>();
    for (const c of this.competencies) {
      const n = (seen.get(c.key) ?? 0) + 1;
      seen.set(c.key, n);
      if (n > 1) c.key = `${c.key}-${n}`;
    }
    const grades = [...new Set(this.competencies.flatMap((c) => c.requiredLevels.map((r) => r.grade)))];
    const title = this.frameworkTitle
      ? titleCase(this.frameworkTitle)
      : this.document.replace(/\.[a-z0-9]+$/i, '');
    return {
      schemaVersion: 2,
      framework: {
        key: slugify(title, 'imported-framework'),
        name: title.slice(0, 300),
        organization: this.organization ?? 'Not stated in the document',
        source: { document: this.document },
        ...(this.scale ? { proficiencyScaleKey: this.scale.key } : {}),
        notes: [...this.frameworkNotes],
      },
      scales: [...(this.scale ? [this.scale] : []), ...this.scales],
      competencies: this.competencies,
      positionTemplates: grades.map((grade) => ({
        key: slugify(grade, 'grade'),
        title: grade,
        competencies: this.competencies.flatMap((c) =>
          c.requiredLevels
            .filter((r) => r.grade === grade)
            .map((r) => ({ key: c.key, requiredLevel: r.level, grade })),
        ),
      })),
    };
  }
}
