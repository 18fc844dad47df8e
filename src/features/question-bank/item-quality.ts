/**
 * The quality gate (the generators' `lint()`) applied to what people edit: a bank item, a guide
 * question or a reference questionnaire. Each problem names the part of the item it is in, so a
 * message can say "the rating guide's 3 (Intermediate) line: double space" instead of "invalid".
 */
import { ValidationError } from '../../lib/errors.js';
import { lint } from '../generators/index.js';

export interface EditableItem {
  text: string;
  probes?: { situation?: string[] | null; action?: string[] | null; result?: string[] | null } | null;
  ratingGuide?: { value?: number | null; label?: string | null; description?: string | null }[] | null;
  sampleAnswers?: { weak?: string | null; acceptable?: string | null; strong?: string | null } | null;
}

export interface TextProblem {
  /** Which part of the item: "the question", "a situation probe", "the rating guide (3 Intermediate)". */
  part: string;
  text: string;
  problems: string[];
}

const ANSWER_LABELS = {
  weak: 'the weak answer',
  acceptable: 'the acceptable answer',
  strong: 'the strong answer',
};

/** Every text of the item with its part, in reading order. Empty guide lines and answers are skipped. */
function partsOf(item: EditableItem): { part: string; text: string }[] {
  const probes = (key: 'situation' | 'action' | 'result') =>
    (item.probes?.[key] ?? []).map((text) => ({
      part: `${key === 'action' ? 'an' : 'a'} ${key} probe`,
      text,
    }));
  const answers = item.sampleAnswers ?? {};
  return [
    { part: 'the question', text: item.text },
    ...probes('situation'),
    ...probes('action'),
    ...probes('result'),
    ...(item.ratingGuide ?? [])
      .filter((g) => g.description?.trim())
      .map((g) => ({
        part: `the rating guide (${[g.value, g.label].filter((x) => x != null && x !== '').join(' ')})`,
        text: g.description!,
      })),
    ...(['weak', 'acceptable', 'strong'] as const)
      .filter((k) => answers[k]?.trim())
      .map((k) => ({ part: ANSWER_LABELS[k], text: answers[k]! })),
  ];
}

export function itemProblems(item: EditableItem): TextProblem[] {
  return partsOf(item)
    .map(({ part, text }) => ({ part, text, problems: lint(text).map((p) => p.message) }))
    .filter((p) => p.problems.length);
}

/** One line a person can act on: `Question 2 (“Tell me …”): the rating guide (3 Good): double space.` */
export function describeProblem(itemName: string, p: TextProblem): string {
  const quote = p.text.length > 80 ? `${p.text.slice(0, 77)}…` : p.text;
  return `${itemName}, ${p.part} (“${quote}”): ${p.problems.join('; ')}.`;
}

/** The plain lint of one text (reference questions have nothing but their text). */
export function textProblems(text: string): string[] {
  return lint(text).map((p) => p.message);
}

/**
 * The quality gate on what a referee would read: every question of a reference questionnaire.
 * Broken text is refused (422), naming the question, its competency and the problem.
 */
export function assertSendable(questions: { part: string; competencyName?: string | null; text: string }[]) {
  const found = questions.flatMap((q, i) => {
    const problems = textProblems(q.text);
    if (!problems.length) return [];
    const where = q.competencyName ? `${q.competencyName} question` : `${q.part} question`;
    return [`question ${i + 1} (${where}, “${q.text}”): ${problems.join('; ')}`];
  });
  if (found.length)
    throw new ValidationError(
      `The reference questionnaire cannot be sent while a question fails the quality check. Fix it on the questionnaire page first: ${found.join(' ')}.`,
    );
}
