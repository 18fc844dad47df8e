/** The frozen form of a guide: a GuideDocument with the ids that let versions be compared. */
import type { PositionView } from '../positions/position-view.js';
import type { GuideDocQuestion, GuideDocSection, GuideDocument } from './guide-document.js';
import type { GuideDoc } from './guide.model.js';

export interface FrozenQuestion extends GuideDocQuestion {
  id: string;
  source?: { type: string; item?: string; level?: number; index?: number };
}
export interface FrozenSection extends GuideDocSection {
  id: string;
  competencyId: string;
  questions: FrozenQuestion[];
}
export interface FrozenGuide extends GuideDocument {
  guideId: string;
  positionId: string;
  sections: FrozenSection[];
}

type Lean<T> = { [K in keyof T]?: T[K] | null };
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The guide as it would be published now: its draft, with names, levels and weights from the position. */
export function freezeGuide(guide: GuideDoc, position: PositionView, version: number): FrozenGuide {
  const byCompetency = new Map(position.competencies.map((c) => [c.competencyId, c]));
  const g = guide.toObject();
  return {
    guideId: String(g._id),
    positionId: position.id,
    positionTitle: position.title,
    classCode: position.classCode,
    department: position.department,
    version,
    publishedAt: new Date(),
    ratingScale: {
      name: g.ratingScale.name,
      points: (g.ratingScale.points ?? []).map((p) => ({
        value: Number(p.value),
        label: p.label ?? String(p.value),
        ...(p.description ? { description: p.description } : {}),
      })),
    },
    panelInstructions: [...(g.panelInstructions ?? [])],
    sections: (g.sections ?? []).map((s) => {
      const c = byCompetency.get(String(s.competency));
      return {
        id: String(s._id),
        competencyId: String(s.competency),
        competencyName: c?.name ?? '(competency no longer in the position)',
        ...(c?.definition ? { definition: c.definition } : {}),
        ...(c ? { level: c.levelLabel } : {}),
        weight: c?.weight ?? 1,
        ...(c?.weightReason ? { weightReason: c.weightReason } : {}),
        ...(c ? { requirement: c.requirement as 'required' | 'desired' } : {}),
        minutes: s.minutes ?? undefined,
        questions: (s.questions ?? []).map((q) => {
          const p = (q.probes ?? {}) as Lean<{ situation: string[]; action: string[]; result: string[] }>;
          const sa = q.sampleAnswers as
            Lean<{ weak: string; acceptable: string; strong: string }> | undefined;
          return {
            id: String(q._id),
            kind: q.kind,
            text: q.text,
            probes: { situation: list(p.situation), action: list(p.action), result: list(p.result) },
            ratingGuide: (q.ratingGuide ?? []).map((r) => ({
              value: Number(r.value),
              label: r.label ?? '',
              description: r.description ?? '',
            })),
            ...(sa?.weak || sa?.acceptable || sa?.strong
              ? {
                  sampleAnswers: {
                    weak: sa.weak ?? '',
                    acceptable: sa.acceptable ?? '',
                    strong: sa.strong ?? '',
                  },
                }
              : {}),
            source: {
              type: q.source?.type ?? 'bank',
              ...(q.source?.item ? { item: String(q.source.item) } : {}),
              ...(q.source?.level != null ? { level: q.source.level } : {}),
              ...(q.source?.index != null ? { index: q.source.index } : {}),
            },
          };
        }),
      };
    }),
  };
}

/** Total minutes of a guide. */
export const totalMinutes = (g: { sections: { minutes?: number }[] }) =>
  g.sections.reduce((n, s) => n + (s.minutes ?? 0), 0);
