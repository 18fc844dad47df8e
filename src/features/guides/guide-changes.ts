/** What changed between two frozen versions of a guide, in words a hiring manager reads. */
import type { FrozenGuide, FrozenQuestion, FrozenSection } from './frozen-guide.js';

const short = (t: string) => (t.length > 80 ? `${t.slice(0, 77)}…` : t);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function questionChanges(name: string, a: FrozenSection, b: FrozenSection, out: string[]) {
  const before = new Map(a.questions.map((q) => [q.id, q]));
  const after = new Map(b.questions.map((q) => [q.id, q]));
  for (const q of b.questions) if (!before.has(q.id)) out.push(`${name}: question added: “${short(q.text)}”`);
  for (const q of a.questions)
    if (!after.has(q.id)) out.push(`${name}: question removed: “${short(q.text)}”`);
  const kept = (list: FrozenQuestion[], other: Map<string, FrozenQuestion>) =>
    list.filter((q) => other.has(q.id)).map((q) => q.id);
  if (!same(kept(a.questions, after), kept(b.questions, before))) out.push(`${name}: questions reordered`);
  for (const q of b.questions) {
    const old = before.get(q.id);
    if (!old) continue;
    if (old.text !== q.text)
      out.push(`${name}: question text changed: “${short(old.text)}” → “${short(q.text)}”`);
    if (!same(old.probes, q.probes)) out.push(`${name}: probes changed for “${short(q.text)}”`);
    if (!same(old.ratingGuide, q.ratingGuide))
      out.push(`${name}: rating guide changed for “${short(q.text)}”`);
  }
}

export function describeChanges(a: FrozenGuide, b: FrozenGuide): string[] {
  const out: string[] = [];
  if (a.ratingScale.name !== b.ratingScale.name || !same(a.ratingScale.points, b.ratingScale.points))
    out.push(`Rating scale: ${a.ratingScale.name} → ${b.ratingScale.name}`);
  if (!same(a.panelInstructions, b.panelInstructions)) out.push('Panel instructions changed');
  const before = new Map(a.sections.map((s) => [s.id, s]));
  const after = new Map(b.sections.map((s) => [s.id, s]));
  for (const s of b.sections) if (!before.has(s.id)) out.push(`Section added: ${s.competencyName}`);
  for (const s of a.sections) if (!after.has(s.id)) out.push(`Section removed: ${s.competencyName}`);
  const order = (list: FrozenSection[], other: Map<string, FrozenSection>) =>
    list.filter((s) => other.has(s.id)).map((s) => s.id);
  if (!same(order(a.sections, after), order(b.sections, before))) out.push('Sections reordered');
  for (const s of b.sections) {
    const old = before.get(s.id);
    if (!old) continue;
    if (old.minutes !== s.minutes)
      out.push(`${s.competencyName}: minutes ${old.minutes ?? '–'} → ${s.minutes ?? '–'}`);
    if (old.level !== s.level)
      out.push(`${s.competencyName}: required level ${old.level ?? '–'} → ${s.level ?? '–'}`);
    if (old.weight !== s.weight || old.weightReason !== s.weightReason)
      out.push(
        `${s.competencyName}: weight ${old.weight} → ${s.weight}${s.weightReason ? ` (reason: ${s.weightReason})` : ''}`,
      );
    questionChanges(s.competencyName, old, s, out);
  }
  return out;
}
