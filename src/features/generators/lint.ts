/**
 * The language rules generated text must meet: the quality gate. generate() drops any item with a
 * text that fails it (see qualityProblems in index.ts); it is also useful on text people write
 * into the question bank. The rules that read agreement across a sentence are in
 * language/grammar-rules.ts.
 */
import { grammarProblems } from './language/grammar-rules.js';

/** Sentences that ask: "What did you ...", "How long did you ...", "Did Jordan ...", "Why or why not?". */
function isQuestion(sentence: string): boolean {
  return (
    /^(what|how|why|when|where|who|whom|which|whose)\b(\s+[\w’']+){0,2}?\s+(did|do|does|is|are|was|were|would|could|can|will|should|has|have|had|you)\b/i.test(
      sentence,
    ) ||
    /^(why or why not|in what\b|compared with\b.*,\s*how\b)/i.test(sentence) ||
    /^(Did|Do|Does|Can|Could|Would|Will|Have|Has|Had|Is|Are|Was|Were|Should)\s+(you|he|she|they|it|we|I|the|a|an|this|that|there|[A-Z][a-z]+)\b/.test(
      sentence,
    )
  );
}

export interface LintProblem {
  rule: string;
  message: string;
}

/** The same texts recur (probes, closings, guide lines at every level): results are kept. */
const linted = new Map<string, readonly LintProblem[]>();

export function lint(text: string): LintProblem[] {
  let known = linted.get(text);
  if (!known) {
    known = Object.freeze(lintUncached(text));
    if (linted.size > 50_000) linted.clear();
    linted.set(text, known);
  }
  return [...known];
}

function lintUncached(text: string): LintProblem[] {
  const problems: LintProblem[] = [];
  const add = (rule: string, message: string) => problems.push({ rule, message });
  const t = text.trim();
  if (!t) return [{ rule: 'empty', message: 'the text is empty' }];
  if (/under development/i.test(t)) add('placeholder', 'contains "Under Development"');
  if (/\{[^}]*\}|\$\{|\[[A-Z_]{2,}\]|\b(undefined|null|NaN)\b|\bTODO\b|XXX/.test(t))
    add('placeholder', 'contains a leftover placeholder');
  const doubled = /\b(\w+)\s+\1\b/i.exec(t);
  if (doubled && !/^(that|had|is)$/i.test(doubled[1])) add('doubled-word', `doubled word "${doubled[0]}"`);
  if (!/^[“"(]?[A-Z0-9]/.test(t)) add('capital', 'does not start with a capital letter');
  if (!/[.?!]["”’)]*$/.test(t)) add('end', 'does not end with a full stop or question mark');
  if (/\s[,.;:?!]/.test(t)) add('spacing', 'space before punctuation');
  if (/ {2,}/.test(t)) add('spacing', 'double space');
  if (/[.?!,;:]{2,}/.test(t.replace(/\.\.\./g, '').replace(/e\.g\.,|i\.e\.,/g, '')))
    add('punctuation', 'doubled punctuation');
  if (/[.?!,;:]["”’)]+[.?!,;:]/.test(t.replace(/\.\)[.,;:?!]/g, '')))
    add('punctuation', 'doubled punctuation around a closing quote');
  if (/[.?!]\s+[a-z]/.test(t.replace(/\b(e\.g|i\.e|etc|vs)\.\s/g, 'x ')))
    add('capital', 'a sentence starts with a lower-case letter');
  for (const s of t.split(/(?<=[.?!])\s+(?=[A-Z“"])/)) {
    const body = s.replace(/^[“"(]+/, '');
    if (isQuestion(body) && !/\?["”’)]*$/.test(s))
      add('question-mark', `a question does not end with "?": "${s}"`);
    if (
      /^(tell me about|describe|give me an example|walk me through|think of)\b/i.test(body) &&
      /\?["”’)]*$/.test(s) &&
      !isQuestion(body)
    ) {
      add(
        'question-mark',
        `a "${body.split(' ').slice(0, 3).join(' ')}" prompt ends with "?" instead of "."`,
      );
    }
  }
  for (const p of grammarProblems(t)) add(p.rule, p.message);
  const opens = (t.match(/\(/g) ?? []).length;
  const closes = (t.match(/\)/g) ?? []).length;
  if (opens !== closes) add('brackets', 'unbalanced parentheses');
  const lq = (t.match(/“/g) ?? []).length;
  const rq = (t.match(/”/g) ?? []).length;
  if (lq !== rq || (t.match(/"/g) ?? []).length % 2 === 1) add('quotes', 'unbalanced quotation marks');
  return problems;
}
