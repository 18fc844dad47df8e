/**
 * `npx tsx bench/engine-slices-cpu.ts`: the engine's own CPU time for 30,000 documents, in one go
 * (mingo's $group, sortDocs, findDocs: the code before slicing) and sliced (groupSliced through
 * aggregateSliced, sortDocsSliced, findDocsSliced, with 8 ms slices and a setImmediate pause),
 * alternated run by run so that both see the same machine load. Medians of CPU ms per run.
 */
import os from 'node:os';
import { ProcessingMode } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { aggregateSliced } from '../src/embedded-mongo/aggregation.js';
import { computeOptions } from '../src/embedded-mongo/mingo-context.js';
import { findDocs, findDocsSliced } from '../src/embedded-mongo/query.js';
import { Slicer } from '../src/embedded-mongo/slices.js';
import { sortDocs, sortDocsSliced } from '../src/embedded-mongo/sort.js';
import type { Doc } from '../src/embedded-mongo/values.js';
import { median } from './lib/measure.js';
import { fixed, table, type Row } from './lib/report.js';
import { GROUP_BY_KEYS as group } from './lib/slices-data.js';

const N = 30_000;
const RUNS = 15;
const docs: Doc[] = Array.from({ length: N }, (_, i) => ({
  _id: i,
  i,
  grp: i % 500,
  score: ((i * 7919) % 1000) / 1000,
  name: `row ${i}`,
}));
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const cloning = computeOptions({ processingMode: ProcessingMode.CLONE_INPUT });
const sort = { score: -1, i: 1 };
const filter = { score: { $gte: 0.1 } };

const cases: [string, () => unknown, () => Promise<unknown>][] = [
  [
    '$group by 500 keys',
    () => new Aggregator([group], cloning).run(docs),
    () => aggregateSliced(docs, [group], () => [], undefined, pause),
  ],
  ['sort 30k', () => sortDocs(docs, sort), () => sortDocsSliced(docs, sort, new Slicer(pause))],
  [
    'find: filter + sort',
    () => findDocs(docs, filter, { sort, limit: 10 }),
    () => findDocsSliced(docs, filter, { sort, limit: 10 }, new Slicer(pause)),
  ],
];

async function cpuMs(run: () => unknown): Promise<number> {
  const c0 = process.cpuUsage();
  await run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function main() {
  const rows: Row[] = [];
  for (const [label, inOneGo, sliced] of cases) {
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < RUNS + 2; r++) {
      const x = await cpuMs(inOneGo);
      const y = await cpuMs(sliced);
      if (r < 2) continue; // warm-up
      a.push(x);
      b.push(y);
    }
    rows.push([label, fixed(median(a)), fixed(median(b)), `${fixed((median(b) / median(a) - 1) * 100, 0)}%`]);
  }
  process.stdout.write(
    [
      `Engine CPU, ${N} documents, ${RUNS} alternated runs; 1-min load average ${fixed(os.loadavg()[0], 2)}`,
      table(['work', 'in one go (CPU ms)', 'sliced (CPU ms)', 'cost of slicing'], rows, 'lrrr'),
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
