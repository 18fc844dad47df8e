/** A position with its competencies resolved (names, level labels, weights and reasons) for pages and JSON. */
import { User } from '../users/user.model.js';
import { countWarning, loadSources } from './position-competencies.js';
import { baselineWeight } from './positions.schemas.js';
import type { PositionDoc } from './position.model.js';

export async function positionView(position: PositionDoc) {
  const rows = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const sources = await loadSources(rows.map((r) => r.competency));
  const base = baselineWeight(rows.map((r) => r.weight ?? 1));
  const people = await User.find(
    { _id: { $in: [position.owner, ...position.sharedWith] } },
    'name email',
  ).lean();
  const person = (id: unknown) => people.find((p) => String(p._id) === String(id));
  const competencies = rows.map((r) => {
    const source = sources.get(String(r.competency));
    const weight = r.weight ?? 1;
    return {
      competencyId: String(r.competency),
      name: source?.competency.name ?? '(competency no longer available)',
      code: source?.competency.code ?? undefined,
      definition: source?.competency.definition ?? undefined,
      framework: source?.framework?.name,
      requiredLevel: r.requiredLevel,
      levelLabel:
        source?.levels.find((l) => l.value === r.requiredLevel)?.label ?? `Level ${r.requiredLevel}`,
      weight,
      weightDiffers: weight !== base,
      weightReason: weight !== base ? (r.weightReason ?? undefined) : undefined,
      requirement: r.requirement ?? 'required',
    };
  });
  return {
    id: String(position._id),
    title: position.title,
    classCode: position.classCode ?? undefined,
    department: position.department ?? undefined,
    description: position.description ?? undefined,
    owner: { id: String(position.owner), name: person(position.owner)?.name },
    sharedWith: position.sharedWith.map((u) => ({
      id: String(u),
      name: person(u)?.name,
      email: person(u)?.email,
    })),
    fromTemplate: position.fromTemplate ? String(position.fromTemplate) : undefined,
    baselineWeight: base,
    competencies,
    warning: countWarning(competencies.length),
    createdAt: position.get('createdAt') as Date | undefined,
    updatedAt: position.get('updatedAt') as Date | undefined,
  };
}
export type PositionView = Awaited<ReturnType<typeof positionView>>;

/** "2 (reason: ...)" wherever a weight is shown. */
export function weightText(c: { weight: number; weightReason?: string }): string {
  return c.weightReason ? `${c.weight} (reason: ${c.weightReason})` : String(c.weight);
}
