/**
 * The quality gate over a guide's draft: every text of every question (prompt, probes, rating
 * guide, sample answers) through the generators' lint(). Publishing is refused while any fails,
 * with a message naming the section, the question and the problem; the builder shows the same.
 */
import { ValidationError } from '../../lib/errors.js';
import { describeProblem, itemProblems } from '../question-bank/item-quality.js';
import type { GuideDoc } from './guide.model.js';

export interface QuestionProblems {
  questionId: string;
  messages: string[];
}

/** Problems by question; `names` gives each section's competency name by competency id. */
export function guideProblems(guide: GuideDoc, names: Map<string, string>): QuestionProblems[] {
  const out: QuestionProblems[] = [];
  guide.sections.forEach((s) => {
    const name = names.get(String(s.competency)) ?? 'a competency no longer in the position';
    s.questions.forEach((q, qi) => {
      const problems = itemProblems({
        text: q.text,
        probes: q.probes,
        ratingGuide: q.ratingGuide,
        sampleAnswers: q.sampleAnswers,
      });
      if (problems.length)
        out.push({
          questionId: String(q._id),
          messages: problems.map((p) => describeProblem(`${name}, question ${qi + 1}`, p)),
        });
    });
  });
  return out;
}

export function assertPublishable(guide: GuideDoc, names: Map<string, string>): void {
  const found = guideProblems(guide, names).flatMap((q) => q.messages);
  if (!found.length) return;
  const shown = found.slice(0, 5).join(' ');
  const more = found.length > 5 ? ` And ${found.length - 5} more.` : '';
  throw new ValidationError(
    `This guide cannot be published while a question fails the quality check. Fix ${found.length === 1 ? 'this' : `these ${found.length}`} first: ${shown}${more}`,
  );
}
