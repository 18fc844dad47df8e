/**
 * Verb forms for single tokens. compromise conjugates one verb token reliably; whole sentences it
 * mangles (list nouns such as "requests" become "requested"), so the generators only ever ask
 * it about one word at a time.
 */
import nlp from 'compromise';

export interface VerbForms {
  base: string;
  past: string;
  gerund: string;
  third: string;
}

const IRREGULAR: Record<string, VerbForms> = {
  is: { base: 'be', past: 'were', gerund: 'being', third: 'is' },
  are: { base: 'be', past: 'were', gerund: 'being', third: 'is' },
  be: { base: 'be', past: 'were', gerund: 'being', third: 'is' },
  has: { base: 'have', past: 'had', gerund: 'having', third: 'has' },
  have: { base: 'have', past: 'had', gerund: 'having', third: 'has' },
  does: { base: 'do', past: 'did', gerund: 'doing', third: 'does' },
  do: { base: 'do', past: 'did', gerund: 'doing', third: 'does' },
};

const cache = new Map<string, VerbForms | null>();

/** Forms of a verb given as a third-person (`follows`) or base (`follow`) token; null if not a verb. */
export function verbForms(token: string): VerbForms | null {
  const lower = token.toLowerCase();
  if (cache.has(lower)) return cache.get(lower)!;
  let result: VerbForms | null = IRREGULAR[lower] ?? null;
  if (!result && lower.includes('-')) {
    // "cross-checks": inflect the last part, keep the prefix.
    const i = lower.lastIndexOf('-');
    const tail = verbForms(lower.slice(i + 1));
    const head = lower.slice(0, i + 1);
    result = tail
      ? {
          base: head + tail.base,
          past: head + tail.past,
          gerund: head + tail.gerund,
          third: head + tail.third,
        }
      : null;
  }
  if (!result && /^[a-z]+$/.test(lower)) {
    const c = nlp(lower).verbs().conjugate()[0] as Record<string, string> | undefined;
    if (c?.Infinitive && c.PastTense && c.Gerund) {
      result = { base: c.Infinitive, past: c.PastTense, gerund: c.Gerund, third: c.PresentTense ?? lower };
    }
  }
  if (!result && /^[a-z]{3,}s$/.test(lower) && !/ss$/.test(lower)) result = regularForms(lower);
  cache.set(lower, result);
  return result;
}

/** Regular English forms of a third-person verb compromise does not know ("infers"). */
function regularForms(third: string): VerbForms {
  let base = third.slice(0, -1);
  const doubled = /(fer|cur)s$/.test(third);
  if (/ies$/.test(third)) base = third.slice(0, -3) + 'y';
  else if (/(sh|ch|x|z|ss|o)es$/.test(third)) base = third.slice(0, -2);
  const stem = doubled ? base + base.slice(-1) : base; // infer -> inferred, occur -> occurring
  const past = /[^aeiou]y$/.test(base)
    ? base.slice(0, -1) + 'ied'
    : /e$/.test(base)
      ? base + 'd'
      : stem + 'ed';
  const gerund = /[^e]e$/.test(base) ? base.slice(0, -1) + 'ing' : stem + 'ing';
  return { base, past, gerund, third };
}

/** Whether compromise reads `token` as a verb on its own (not a plural noun such as "problems"). */
const tagCache = new Map<string, string[]>();

/** compromise's tags for a word on its own (cached). */
export function wordTags(token: string): string[] {
  const lower = token.toLowerCase();
  let known = tagCache.get(lower);
  if (!known) {
    known = /^[a-z][a-z'’-]*$/.test(lower)
      ? ((nlp(lower).terms().json()[0]?.terms?.[0]?.tags as string[] | undefined) ?? [])
      : [];
    tagCache.set(lower, known);
  }
  return known;
}

export function isVerbAlone(token: string): boolean {
  const lower = token.toLowerCase();
  return !!IRREGULAR[lower] || wordTags(lower).includes('Verb');
}

/**
 * Tags many words with one compromise call (each word its own sentence), filling the cache: one
 * parse of a few hundred words costs far less than a parse per word.
 */
export function prewarmWords(texts: string[]): void {
  const words = new Set<string>();
  for (const t of texts) {
    for (const w of t.toLowerCase().match(/[a-z][a-z'’-]*/g) ?? []) if (!tagCache.has(w)) words.add(w);
  }
  if (words.size < 8) return;
  const list = [...words];
  const sentencesJson = nlp(list.map((w) => `${w}.`).join(' ')).json() as {
    terms: { text: string; tags: string[] }[];
  }[];
  if (sentencesJson.length !== list.length) return; // tokenised differently: fall back to one word at a time
  sentencesJson.forEach((sentence, i) => {
    if (sentence.terms.length === 1 && sentence.terms[0].text.toLowerCase() === list[i])
      tagCache.set(list[i], sentence.terms[0].tags);
  });
}
