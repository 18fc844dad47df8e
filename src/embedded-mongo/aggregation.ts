/**
 * Aggregation pipelines over mingo, as mongod runs them: stages whose mingo version differs are
 * rewritten, top-level $sort uses mongod's ordering (sort.ts), inputs are cloned so no stage can
 * change a stored document, and long pipelines yield (aggregateSliced) so that one report never
 * stalls the commands of other connections.
 */
import { ProcessingMode } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { MongoCommandError, badValue, notSupported } from './errors.js';
import type { CollectionResolver } from './lookup.js';
import { assertNoScripts, computeOptions } from './mingo-context.js';
import { groupSliced } from './group.js';
import { NativeDecline, nativeStage, type NativeStage } from './native-stages.js';
import { SLICE_MS, Slicer } from './slices.js';
import { sortDocs, sortDocsSliced } from './sort.js';
import { cloneDoc, isPlainObject, type Doc } from './values.js';

export type { CollectionResolver };
export { SLICE_MS };

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
function sample(docs: Doc[], size: unknown): Doc[] {
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
type Step =
  | { sort: Doc }
  | { sample: unknown }
  | { group: Doc }
  | { facet: [string, Step[]][] }
  | { native: NativeStage; stage: Doc }
  | { mingo: Doc[] };

interface Plan {
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

function plan(pipeline: Doc[], resolver: CollectionResolver, vars: Doc | undefined, sliced: boolean): Plan {
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

function failure(e: unknown): MongoCommandError {
  return e instanceof MongoCommandError ? e : badValue((e as Error).message);
}

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

/** Stages that handle one document at a time: a run of them can stop between any two documents. */
const STREAMING = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$lookup',
  '$unwind',
  '$redact',
]);

/** Splits a mingo run before each stage that needs its whole input ($group, $limit, $facet...). */
function segments(stages: Doc[]): Doc[][] {
  const out: Doc[][] = [];
  for (const stage of stages) {
    if (out.length === 0 || !STREAMING.has(Object.keys(stage)[0])) out.push([stage]);
    else out[out.length - 1].push(stage);
  }
  return out;
}

/**
 * Runs a pipeline in time slices of about `sliceMs`, calling `pause` between slices so that the
 * commands of other connections run (an autosave during a 5,000-candidate report is answered in
 * milliseconds, not after the report).
 *
 * What a yielding read sees (as with mongod's yielding reads, documented in read.ts): `docs` is
 * taken before the first slice, so the source collection is read as it was when the read began
 * (stored documents are immutable: a write replaces them, never changes them). Documents joined
 * by $lookup are read when each document is joined, so writes committed during the read may show
 * in the documents joined after them. The stages that need their whole input are sliced too:
 * $sort (sortDocsSliced), $group and what is rewritten to it ($bucket, $count; group.ts), and
 * $facet (its sub-pipelines run step by step here); the others (such as $setWindowFields,
 * $unionWith, $graphLookup) run in one slice.
 */
export async function aggregateSliced(
  docs: Doc[],
  pipeline: Doc[],
  resolver: CollectionResolver,
  vars: Doc | undefined,
  pause: () => Promise<void>,
  sliceMs = SLICE_MS,
): Promise<Doc[]> {
  const p = plan(pipeline, resolver, vars, true);
  try {
    return (await runSliced(docs, true, p.steps, p, new Slicer(pause, sliceMs))).docs;
  } catch (e) {
    throw failure(e);
  }
}

/**
 * A native stage over `docs` in chunks, yielding between them when the slice is used up; null when
 * the stage declines its input (the stage is a pure function: the caller runs it again by mingo).
 */
async function nativeSliced(stage: NativeStage, docs: Doc[], slicer: Slicer): Promise<Doc[] | null> {
  const out: Doc[] = [];
  try {
    if (docs.length <= NATIVE_CHUNK || stage.whole) return stage(docs);
    for (let i = 0; i < docs.length; i += NATIVE_CHUNK) {
      for (const d of stage(docs.slice(i, i + NATIVE_CHUNK))) out.push(d);
      if (slicer.dueNow()) await slicer.yield();
    }
  } catch (e) {
    if (e instanceof NativeDecline) return null;
    throw e;
  }
  return out;
}

/** A run of streaming mingo stages, one document at a time, yielding when the slice is used up. */
async function mingoSliced(
  stages: Doc[],
  docs: Doc[],
  stored: boolean,
  p: Plan,
  slicer: Slicer,
): Promise<Doc[]> {
  const it = new Aggregator(stages, stored ? p.cloning : p.plain).stream(docs);
  const out: Doc[] = [];
  for (let r = it.next(); !r.done; r = it.next()) {
    out.push(r.value as Doc);
    if (slicer.dueNow()) await slicer.yield();
  }
  return out;
}
const NATIVE_CHUNK = 256;

/** `stored`: the documents are the stored ones, which no stage may change (mingo then clones them). */
async function runSliced(
  docs: Doc[],
  stored: boolean,
  steps: Step[],
  p: Plan,
  slicer: Slicer,
): Promise<{ docs: Doc[]; stored: boolean }> {
  let current = docs;
  for (const step of steps) {
    if ('sort' in step) current = await sortDocsSliced(current, step.sort, slicer);
    else if ('native' in step) {
      const out = await nativeSliced(step.native, current, slicer);
      if (out) {
        current = out;
        stored = true; // shared values, as in aggregate()
      } else {
        // The stage declined an input it does not handle exactly (NativeDecline): mingo runs it.
        current = await mingoSliced([step.stage], current, stored, p, slicer);
        stored = false;
      }
    } else if ('sample' in step) current = sample(stored ? [...current] : current, step.sample);
    else if ('group' in step) {
      current = await groupSliced(current, step.group, p.plain, stored, slicer);
      stored = false;
    } else if ('facet' in step) {
      // Each sub-pipeline gets the same input and must not see another's changes: as in mingo's
      // $facet, each starts from documents it may not change, and copies what it keeps of them.
      const out: Doc = {};
      for (const [name, sub] of step.facet) {
        const r = await runSliced(current, true, sub, p, slicer);
        out[name] = r.stored ? r.docs.map(cloneDoc) : r.docs;
      }
      current = [out];
      stored = false;
    } else {
      for (const segment of segments(step.mingo)) {
        current = await mingoSliced(segment, current, stored, p, slicer);
        stored = false;
      }
    }
    if (slicer.dueNow()) await slicer.yield();
  }
  return { docs: current, stored };
}
