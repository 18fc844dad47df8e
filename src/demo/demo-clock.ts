/**
 * The demo's history happened over the past weeks, but the services stamp what they write with the
 * current time. Each step of the story therefore runs now, and once the whole story has run every
 * date a step wrote is moved by the same amount to that step's place in the past (`settle`): the
 * order and spacing within a step are kept and the records read as they would after weeks of real
 * use. Only dates move; every value the services computed stays as it was. No step reads a date
 * another step wrote to decide anything, so moving them afterwards changes no outcome.
 *
 * Dates that are deadlines or plans rather than records of what happened (an interview's
 * scheduled time, a link's expiry) are left alone: the story sets those itself, as it does the
 * times it hands to services that take a clock (sending and answering references).
 */
import mongoose from 'mongoose';

const MODELS = [
  'User',
  'Position',
  'QuestionItem',
  'Guide',
  'GuideVersion',
  'Candidate',
  'Interview',
  'Rating',
  'RatingChange',
  'ReferenceTemplate',
  'Reference',
];
/** Plans and deadlines, not history. */
const KEEP = new Set(['scheduledAt', 'tokenExpiresAt', 'expiresAt', 'purgeAt']);

interface Step {
  /** When the step began, in real time. */
  since: number;
  /** How far its writes move. */
  by: number;
}

/** The move of a date written during the last step that began at or before it; null when none. */
function moveOf(time: number, steps: Step[]): number | null {
  let found: Step | null = null;
  for (const s of steps) if (s.since <= time) found = s;
  return found ? found.by : null;
}

function shifted(value: unknown, steps: Step[]): { value: unknown; changed: boolean } {
  if (value instanceof Date) {
    const by = moveOf(value.getTime(), steps);
    return by === null ? { value, changed: false } : { value: new Date(value.getTime() + by), changed: true };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = shifted(v, steps);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = KEEP.has(k) ? { value: v, changed: false } : shifted(v, steps);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

/** Moves every date each step wrote to that step's place in the story, in one pass. */
async function moveSteps(steps: Step[]): Promise<void> {
  if (!steps.length) return;
  for (const name of MODELS) {
    const collection = mongoose.model(name).collection;
    for (const doc of await collection.find({}).toArray()) {
      const r = shifted(doc, steps);
      if (r.changed) await collection.replaceOne({ _id: doc._id }, r.value as typeof doc);
    }
  }
}

export interface DemoClock {
  /** The real time the demo is loaded at: "today" in the story. */
  now: Date;
  /** Runs one step of the story now; `settle` later moves what it wrote to `at` (in the past). */
  at<T>(at: Date, step: () => Promise<T>): Promise<T>;
  /** Moves every step's writes to its time. Run once, after the last step. */
  settle(): Promise<void>;
  /** `days` days from now (negative: ago) at hh:mm UTC. */
  day(days: number, hh: number, mm?: number): Date;
  /** `minutes` minutes from `from`. */
  plus(from: Date, minutes: number): Date;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

export function demoClock(now = new Date()): DemoClock {
  const steps: Step[] = [];
  return {
    now,
    async at(at, step) {
      if (at.getTime() >= now.getTime())
        throw new Error(`demo: a step of the story is not in the past (${at.toISOString()})`);
      // Each step starts on its own millisecond, so every write belongs to exactly one step.
      while (steps.length && Date.now() <= steps[steps.length - 1].since) await tick();
      const since = Date.now();
      steps.push({ since, by: at.getTime() - since });
      return step();
    },
    settle: () => moveSteps(steps),
    day(days, hh, mm = 0) {
      const d = new Date(now.getTime() + days * 86_400_000);
      d.setUTCHours(hh, mm, 0, 0);
      return d;
    },
    plus: (from, minutes) => new Date(from.getTime() + minutes * 60_000),
  };
}
