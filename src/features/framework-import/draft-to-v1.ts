/**
 * TEMPORARY ADAPTER (delete after merging the v2 framework file format): the framework import
 * service on this branch reads format v1 only, so a v2 draft is mapped onto it here.
 * What v1 cannot hold is kept visible rather than dropped:
 * - effective behaviors -> behavioral indicators;
 * - ineffective behaviors and the user's notes -> framework notes, one per competency, named;
 * - key skills -> key elements (name: definition), their levels and indicators as distinguishing behaviors;
 * - required levels per grade -> one position template per grade (v1 templates hold the level);
 * - provenance lines -> the provenance `section` ("lines 12–14").
 * Once import accepts v2, save the draft as it is (it is already a v2 file) and remove this file.
 */
import { ABSENT_SECTIONS, type FrameworkFileInput } from '../competencies/framework-file.schema.js';
import type { Draft, DraftCompetency } from './draft.types.js';

const short = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

function notesOf(c: DraftCompetency): string[] {
  return [
    ...(c.ineffectiveBehaviors.length
      ? [`${c.name}, what it doesn't look like: ${c.ineffectiveBehaviors.join(' / ')}`]
      : []),
    ...c.notes.map((n) => `${c.name}, note: ${n}`),
  ];
}

export function draftToV1(draft: Draft): FrameworkFileInput {
  const scales = draft.scales.filter((s) => s.points.length >= 2);
  const scaleKeys = new Set(scales.map((s) => s.key));
  return {
    schemaVersion: 1,
    framework: {
      key: draft.framework.key,
      name: short(draft.framework.name),
      organization: short(draft.framework.organization),
      source: { document: short(draft.framework.source.document) },
      ...(draft.framework.proficiencyScaleKey && scaleKeys.has(draft.framework.proficiencyScaleKey)
        ? { proficiencyScaleKey: draft.framework.proficiencyScaleKey }
        : {}),
      notes: [...draft.framework.notes, ...draft.competencies.flatMap(notesOf)],
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
      levels: c.levels.map((l) => ({
        ...(l.number !== undefined ? { number: l.number } : {}),
        ...(l.label ? { label: short(l.label) } : {}),
        ...(l.description ? { description: l.description } : {}),
        indicators: l.indicators,
      })),
      behavioralIndicators: [...c.behavioralIndicators, ...c.effectiveBehaviors],
      keyElements: [
        ...c.keyElements,
        ...c.keySkills.map((k) => ({
          element: k.definition ? `${k.name}: ${k.definition}` : k.name,
          distinguishingBehaviors: [
            ...k.levels.map((l) =>
              [l.label ?? `Level ${l.number ?? ''}`, l.description, ...l.indicators]
                .filter(Boolean)
                .join(': '),
            ),
            ...k.indicators,
          ],
        })),
      ],
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
        section: p.lineEnd ? `lines ${p.line}–${p.lineEnd}` : `line ${p.line}`,
      })),
    })),
    positionTemplates: draft.positionTemplates.map((t) => ({
      key: t.key,
      title: short(t.title),
      competencies: t.competencies.map((r) => ({
        key: r.key,
        ...(r.requiredLevel ? { requiredLevel: r.requiredLevel } : {}),
      })),
    })),
  };
}
