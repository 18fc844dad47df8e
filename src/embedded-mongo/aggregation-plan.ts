/**
 * How the engine plans a pipeline: stages whose mingo version differs from mongod's are rewritten,
 * and the pipeline is cut into steps (aggregation.ts runs them in one go, aggregation-sliced.ts in
 * time slices): native stages, mongod-ordered $sort, $sample, and the runs of stages left to mingo.
 */
import { ProcessingMode } from 'mingo';
import { MongoCommandError, badValue, notSupported } from './errors.js';
import type { CollectionResolver } from './lookup.js';
import { assertNoScripts, computeOptions } from './mingo-context.js';
import { nativeStage, type NativeStage } from './native-stages.js';
import { cloneDoc, isPlainObject, type Doc } from './values.js';

/** Rewrites stages whose mingo implementation differs from mongod's. */
function rewriteStage(stage: Doc): Doc[] {
  // mingo's $count yields {n: 0} on empty input; mongod yields no document.
  if (typeof stage.$count === 'string') {
    return [{ $group: { _id: null, [stage.$count]: { $sum: 1 } } }, { $project: { _id: 0 } }];
  }
  // mingo's $bucket puts a value equal to a boundary in the lower bucket; mongod's buckets are [lo, hi).
  if (isPlainObject(stage.$bucket)) {
    const { groupBy, boundaries, output } = stage.$bucket;
    if (!Array.isArray(boundaries) || boundaries.length < 2) {
      throw badValue("The $bucket 'boundaries' field must be an array of at least two values");
    }
    const branches = boundaries.slice(0, -1).map((lo, i) => ({
      case: { $and: [{ $gte: [groupBy, lo] }, { $lt: [groupBy, boundaries[i + 1]] }] },
      then: lo,
    }));
    const id: Doc = { $switch: { branches } };
    if ('default' in stage.$bucket) id.$switch.default = stage.$bucket.default;
    return [{ $group: { _id: id, ...(output ?? { count: { $sum: 1 } }) } }, { $sort: { _id: 1 } }];
  }
  return [stage];
}

/** $sample: `size` distinct documents in random order (mingo's may repeat a document). */
export function sample(docs: Doc[], size: unknown): Doc[] {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw badValue('size argument to $sample must be a non-negative integer');
  }
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  return docs.slice(0, size);
}

/**
 * A pipeline as the engine runs it: mingo runs, and the steps mongod does its own way. `group` and
 * `facet` steps only in a sliced run (aggregateSliced); a run in one go leaves them to mingo.
 */
export type Step =
  | { sort: Doc }
  | { sample: unknown }
  | { group: Doc }
  | { facet: [string, Step[]][] }
  | { native: NativeStage; stage: Doc }
  | { mingo: Doc[] };

export interface Plan {
  steps: Step[];
  /** Options for the first mingo run over stored documents (it clones them) and for later runs. */
  cloning: any;
  plain: any;
}

function checkStages(pipeline: Doc[]): void {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw badValue('A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0];
    if (name === '$out' || name === '$merge') throw notSupported(`the ${name} stage`);
  }
}

/** A $facet whose sub-pipelines can run step by step (otherwise mingo reports what is wrong with it). */
const isFacet = (spec: unknown): spec is Record<string, Doc[]> =>
  isPlainObject(spec) && Object.values(spec).every((sub) => Array.isArray(sub) && sub.every(isPlainObject));

function stepsOf(pipeline: Doc[], sliced: boolean, resolver: CollectionResolver): Step[] {
  checkStages(pipeline);
  const steps: Step[] = [];
  let run: Doc[] = [];
  const flush = () => {
    if (run.length) steps.push({ mingo: run });
    run = [];
  };
  // Top-level $sort stages use mongod's ordering (sort.ts); the runs between them go to mingo.
  for (const stage of pipeline.flatMap(rewriteStage)) {
    // The plain stages the app sends on every request, without mingo (native-stages.ts).
    const native = nativeStage(stage, resolver);
    if (native) {
      flush();
      steps.push({ native, stage });
    } else if (isPlainObject(stage.$sort)) {
      flush();
      steps.push({ sort: stage.$sort });
    } else if (isPlainObject(stage.$sample)) {
      flush();
      steps.push({ sample: stage.$sample.size });
    } else if (sliced && isPlainObject(stage.$group)) {
      flush();
      steps.push({ group: stage.$group });
    } else if (sliced && isFacet(stage.$facet)) {
      flush();
      steps.push({
        facet: Object.entries(stage.$facet).map(([k, sub]) => [k, stepsOf(sub, true, resolver)]),
      });
    } else run.push(stage);
  }
  flush();
  return steps;
}

export function plan(
  pipeline: Doc[],
  resolver: CollectionResolver,
  vars: Doc | undefined,
  sliced: boolean,
): Plan {
  const steps = stepsOf(pipeline, sliced, resolver);
  assertNoScripts(pipeline);
  // Copies of other collections only for the stages that need them whole (the pipeline form of
  // $lookup, $unionWith, $graphLookup); the equality $lookup joins through indexes (lookup.ts).
  const collectionResolver: CollectionResolver = (name) => resolver(name).map(cloneDoc);
  collectionResolver.joinOn = resolver.joinOn;
  const shared = { collectionResolver, ...(vars ? { variables: vars } : {}) };
  return {
    steps,
    cloning: computeOptions({ ...shared, processingMode: ProcessingMode.CLONE_INPUT }),
    plain: computeOptions(shared),
  };
}

export function failure(e: unknown): MongoCommandError {
  return e instanceof MongoCommandError ? e : badValue((e as Error).message);
}
