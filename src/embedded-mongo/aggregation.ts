/**
 * Aggregation pipelines over mingo, as mongod runs them: stages whose mingo version differs are
 * rewritten and the pipeline planned in steps (aggregation-plan.ts), top-level $sort uses mongod's
 * ordering (sort.ts), inputs are cloned so no stage can change a stored document, and long
 * pipelines yield (aggregateSliced, aggregation-sliced.ts) so that one report never stalls the
 * commands of other connections.
 */
import { Aggregator } from 'mingo/aggregator';
import { failure, plan, sample } from './aggregation-plan.js';
import type { CollectionResolver } from './lookup.js';
import { NativeDecline } from './native-stages.js';
import { SLICE_MS } from './slices.js';
import { sortDocs } from './sort.js';
import type { Doc } from './values.js';

export type { CollectionResolver };
export { SLICE_MS };
export { aggregateSliced } from './aggregation-sliced.js';

/** Runs a pipeline in one go (pipeline updates of one document). Stored documents are never changed. */
export function aggregate(
  docs: Iterable<Doc>,
  pipeline: Doc[],
  resolver: CollectionResolver,
  vars?: Doc,
): Doc[] {
  const { steps, cloning, plain } = plan(pipeline, resolver, vars, false);
  try {
    let current: Doc[] = Array.isArray(docs) ? docs : [...docs];
    // Until a mingo run has copied them, the documents are the stored ones.
    let stored = true;
    for (const step of steps) {
      if ('sort' in step) current = sortDocs(current, step.sort);
      // Native stages share values with their input, and between their outputs (an unwound
      // document's other fields, a literal): "stored" from then on, so a later mingo run copies.
      else if ('native' in step) {
        try {
          current = step.native(current);
          stored = true;
        } catch (e) {
          if (!(e instanceof NativeDecline)) throw e;
          current = new Aggregator([step.stage], stored ? cloning : plain).run(current) as Doc[];
          stored = false;
        }
      } else if ('sample' in step) current = sample(stored ? [...current] : current, step.sample);
      else if ('mingo' in step) {
        current = new Aggregator(step.mingo, stored ? cloning : plain).run(current) as Doc[];
        stored = false;
      }
    }
    return current;
  } catch (e) {
    throw failure(e);
  }
}
