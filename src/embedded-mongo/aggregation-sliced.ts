/**
 * Pipelines run in time slices (aggregateSliced): long reads yield between slices so that one
 * report never stalls the commands of other connections. The plan comes from aggregation-plan.ts.
 */
import { Aggregator } from 'mingo/aggregator';
import { failure, plan, sample, type Plan, type Step } from './aggregation-plan.js';
import type { CollectionResolver } from './lookup.js';
import { groupSliced } from './group.js';
import { NativeDecline, type NativeStage } from './native-stages.js';
import { SLICE_MS, Slicer } from './slices.js';
import { sortDocsSliced } from './sort.js';
import { cloneDoc, type Doc } from './values.js';

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

/** Documents a native stage handles between two looks at the clock. */
const NATIVE_CHUNK = 256;

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
