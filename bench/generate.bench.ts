/**
 * `npm run bench:generate`: the time to generate everything (all four kinds) for every seeded
 * competency at every level. Target: under one second. Prints the median of several runs.
 */
import { performance } from 'node:perf_hooks';
import nlp from 'compromise';
import { generate, itemTexts, levelOptions } from '../src/features/generators/index.js';
import { seedCompetencies } from '../test/generators/seed-library.js';

const seeds = seedCompetencies();
const context = {
  jobTitle: 'Customer Service Representative',
  organization: 'the City',
  candidateName: 'Jordan Lee',
};

function runOnce(): { items: number; texts: number; combos: number } {
  let items = 0;
  let texts = 0;
  let combos = 0;
  for (const { competency, proficiencyScale } of seeds) {
    for (const { value } of levelOptions(competency, proficiencyScale)) {
      combos++;
      for (const item of generate({ competency, level: value, proficiencyScale, context })) {
        items++;
        texts += itemTexts(item).length;
      }
    }
  }
  return { items, texts, combos };
}

// Loading compromise's lexicon is start-up cost, not generation: measured apart.
const load = performance.now();
nlp('Follows through on requests.').verbs().conjugate();
const loadMs = performance.now() - load;
const cold = performance.now();
const first = runOnce();
const coldMs = performance.now() - cold;
const times: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  runOnce();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `generate everything: ${seeds.length} competencies, ${first.combos} competency-levels, ${first.items} items, ${first.texts} texts`,
);
console.log(`compromise lexicon load (once per process): ${loadMs.toFixed(1)} ms`);
console.log(`first run (empty caches): ${coldMs.toFixed(1)} ms`);
console.log(
  `warm runs: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}) over ${times.length} runs`,
);
console.log(
  `target: everything under 1000 ms -> first run ${coldMs < 1000 ? 'PASS' : 'OVER'}, warm ${median < 1000 ? 'PASS' : 'OVER'}`,
);
