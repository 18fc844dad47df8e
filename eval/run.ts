/**
 * `npm run eval:questions [-- --json] [--check] [--sample N --seed S] [--details]`
 * Generates everything for the seed library and the corpus and prints a table per model. It is a
 * report: the exit code is 0 unless `--check` is given and a target of issue 14 is missed.
 */
import {
  measureModel,
  missedTargets,
  rowOf,
  totalRow,
  type EvalItem,
  type ModelReport,
  type Row,
} from './measure.js';
import { corpusModels, seedModels } from './models.js';

interface Options {
  json: boolean;
  check: boolean;
  details: boolean;
  sample: number;
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, check: false, details: false, sample: 0, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--check') o.check = true;
    else if (a === '--details') o.details = true;
    else if (a === '--sample' || a === '--seed') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) usage(`${a} needs a whole number, got “${argv[i] ?? ''}”`);
      if (a === '--sample') o.sample = n;
      else o.seed = n;
    } else usage(`unknown option “${a}”`);
  }
  return o;
}

function usage(problem: string): never {
  console.error(`eval:questions: ${problem}`);
  console.error('usage: npm run eval:questions -- [--json] [--check] [--details] [--sample N --seed S]');
  process.exit(2);
}

/** mulberry32: a small seeded generator, so that `--sample 20 --seed 7` is the same 20 items tomorrow. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample(items: EvalItem[], n: number, seed: number): EvalItem[] {
  const next = random(seed);
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

const COLUMNS: [keyof Row, string][] = [
  ['model', 'model'],
  ['competencies', 'comp.'],
  ['items', 'items'],
  ['gateFailures', 'gate fail'],
  ['quotingStems', 'quoting stems'],
  ['sameAtEveryLevel', 'same every level'],
  ['guideLines', 'guide lines'],
  ['nameOnlyGuideLines', 'name-only lines'],
  ['guideWithoutContentPct', 'no model content %'],
  ['nearDuplicates', 'near-dup pairs'],
  ['errors', 'errors'],
];

function table(rows: Row[]): string {
  const cells = rows.map((r) => COLUMNS.map(([k]) => String(r[k])));
  const widths = COLUMNS.map(([, h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    '| ' + c.map((x, i) => (i ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join(' | ') + ' |';
  return [
    line(COLUMNS.map(([, h]) => h)),
    '|' + widths.map((w, i) => (i ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|',
    ...cells.map(line),
  ].join('\n');
}

function printDetails(r: ModelReport): void {
  const head = (t: string, n: number) => n && console.log(`\n## ${r.model}: ${t} (${n})`);
  head('quality-gate failures', r.gateFailures.length);
  for (const f of r.gateFailures)
    console.log(`- [${f.competency} L${f.level}] ${f.text}\n    ${f.problems.join('; ')}`);
  head('situational stems quoting an indicator', r.quotingStems.length);
  for (const q of r.quotingStems) console.log(`- [${q.competency} L${q.level}] “${q.run}” in: ${q.text}`);
  head('same questions at every level', r.sameAtEveryLevel.length);
  for (const c of r.sameAtEveryLevel) console.log(`- ${c}`);
  head('rating-guide lines without model content', r.guideLinesWithoutContent.length);
  for (const g of new Set(r.guideLinesWithoutContent.map((x) => `[${x.competency}] ${x.line}`)))
    console.log(`- ${g}`);
  head('near-duplicate questions', r.nearDuplicates.length);
  for (const d of r.nearDuplicates) console.log(`- ${d.similarity.toFixed(2)}: ${d.a}\n        ${d.b}`);
  head('generator errors', r.errors.length);
  for (const e of r.errors) console.log(`- [${e.competency} L${e.level}] ${e.message}`);
}

function printItem(e: EvalItem, n: number): void {
  const i = e.item;
  console.log(
    `\n${n}. ${e.model} / ${e.competency} / ${e.levelLabel} / ${i.kind}${i.variant ? ` (${i.variant})` : ''}`,
  );
  console.log(`   ${i.text}`);
  if (i.probes)
    for (const p of [...i.probes.situation, ...i.probes.action, ...i.probes.result])
      console.log(`   probe: ${p}`);
  for (const g of i.ratingGuide ?? []) console.log(`   ${g.value} ${g.label}: ${g.description}`);
  if (i.sampleAnswers) for (const [k, v] of Object.entries(i.sampleAnswers)) console.log(`   ${k}: ${v}`);
  if (i.themes?.length)
    console.log(`   themes: ${i.themes.map((t) => `${t.label} (${t.matched.join(', ')})`).join('; ')}`);
  if (i.scoringNotes) console.log(`   scoring notes: ${i.scoringNotes}`);
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const measured = [...seedModels(), ...corpusModels()].map(measureModel);
  const rows = measured.map((m) => rowOf(m.report));
  const total = totalRow(rows);
  const missed = missedTargets(rows);
  const picked = o.sample
    ? sample(
        measured.flatMap((m) => m.items),
        o.sample,
        o.seed,
      )
    : [];
  if (o.json) {
    const reports = o.details ? measured.map((m) => m.report) : undefined;
    console.log(JSON.stringify({ rows, total, missed, reports, sample: picked }, null, 2));
  } else {
    console.log(table([...rows, total]));
    if (o.details) measured.forEach((m) => printDetails(m.report));
    picked.forEach((e, i) => printItem(e, i + 1));
    console.log(missed.length ? `\nTargets missed:\n- ${missed.join('\n- ')}` : '\nAll targets met.');
  }
  if (o.check && missed.length) process.exitCode = 1;
}

main();
