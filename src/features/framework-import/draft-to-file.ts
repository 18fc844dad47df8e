/**
 * A reviewed draft as a framework file (format v2) for the library's import service. The draft
 * already has the v2 shape; this keeps what the file format has no place for visible rather than
 * dropped (the user's notes on a competency become framework notes, named) and trims texts to the
 * format's limits, so a long heading a parser took for a name cannot make the save fail.
 */
import { ABSENT_SECTIONS, type FrameworkFileInput } from '../competencies/framework-file.schema.js';
import type { Draft, DraftLevel } from './draft.types.js';

const short = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

const level = (l: DraftLevel) => ({
  ...(l.number !== undefined ? { number: l.number } : {}),
  ...(l.label ? { label: short(l.label) } : {}),
  ...(l.description ? { description: l.description } : {}),
  indicators: l.indicators,
});

export function draftToFile(draft: Draft): FrameworkFileInput {
  const scales = draft.scales.filter((s) => s.points.length >= 2);
  const scaleKeys = new Set(scales.map((s) => s.key));
  return {
    schemaVersion: 2,
    framework: {
      key: draft.framework.key,
      name: short(draft.framework.name),
      organization: short(draft.framework.organization),
      source: { document: short(draft.framework.source.document) },
      ...(draft.framework.proficiencyScaleKey && scaleKeys.has(draft.framework.proficiencyScaleKey)
        ? { proficiencyScaleKey: draft.framework.proficiencyScaleKey }
        : {}),
      notes: [
        ...draft.framework.notes,
        ...draft.competencies.flatMap((c) => c.notes.map((n) => `${c.name}, note: ${n}`)),
      ],
    },
    scales: scales.map((s) => ({
      key: s.key,
      name: short(s.name),
      kind: s.kind,
      points: s.points.slice(0, 10).map((p) => ({ ...p, label: short(p.label) })),
    })),
    competencies: draft.competencies.map((c) => ({
      key: c.key,
      ...(c.code ? { code: c.code } : {}),
      name: short(c.name),
      ...(c.definition ? { definition: c.definition } : {}),
      kind: c.kind,
      levels: c.levels.map(level),
      behavioralIndicators: c.behavioralIndicators,
      effectiveBehaviors: c.effectiveBehaviors,
      ineffectiveBehaviors: c.ineffectiveBehaviors,
      keySkills: c.keySkills.map((k) => ({
        name: short(k.name),
        ...(k.definition ? { definition: k.definition } : {}),
        levels: k.levels.map(level),
        indicators: k.indicators,
      })),
      keyElements: c.keyElements,
      requiredLevels: c.requiredLevels,
      performanceLevels: c.performanceLevels.map((p) => ({
        label: short(p.label),
        description: p.description,
      })),
      ...(c.ratingScaleKey && scaleKeys.has(c.ratingScaleKey) ? { ratingScaleKey: c.ratingScaleKey } : {}),
      ratingFactors: c.ratingScaleKey && scaleKeys.has(c.ratingScaleKey) ? c.ratingFactors : [],
      absentSections: c.absentSections.filter((s): s is (typeof ABSENT_SECTIONS)[number] =>
        (ABSENT_SECTIONS as readonly string[]).includes(s),
      ),
      provenance: c.provenance.map((p) => ({
        part: short(p.part),
        document: short(p.document),
        ...(p.section ? { section: short(p.section) } : {}),
        ...(p.line !== undefined ? { line: p.line } : {}),
        ...(p.lineEnd !== undefined ? { lineEnd: p.lineEnd } : {}),
        ...(p.page !== undefined ? { page: p.page } : {}),
      })),
    })),
    positionTemplates: draft.positionTemplates.map((t) => ({
      key: t.key,
      title: short(t.title),
      competencies: t.competencies.map((r) => ({
        key: r.key,
        ...(r.requiredLevel ? { requiredLevel: r.requiredLevel } : {}),
        ...(r.grade ? { grade: r.grade } : {}),
      })),
    })),
  };
}
