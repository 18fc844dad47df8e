/** bench:live (live.ts): the boards: senders saving, a subscriber per room, each save timed to its event. */
import { performance } from 'node:perf_hooks';
import { prng } from './data.js';
import type { HttpResponse, SseStream, openEventStream } from '../live-http.js';

/** How long a save's event may take before the save counts as missed. */
export const EVENT_TIMEOUT_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Sender {
  id: string;
  save(section: string, value: number, note: string): Promise<HttpResponse>;
}
export interface Room {
  id: string;
  senders: Sender[];
  subscribe(onEvent: Parameters<typeof openEventStream>[3]): Promise<SseStream>;
}
export interface Target {
  name: string;
  rooms: Room[];
  sections: string[];
  points: number[];
}

export interface PhaseResult {
  /** Request sent -> event at the subscriber, ms. */
  event: number[];
  /** Request sent -> response complete, ms. */
  response: number[];
  elapsedMs: number;
  errors: Map<string, number>;
  missed: number;
  /** Senders stopped by the time bound before their last save. */
  cut: number;
}

export const emptyResult = (): PhaseResult => ({
  event: [],
  response: [],
  elapsedMs: 0,
  errors: new Map(),
  missed: 0,
  cut: 0,
});

/** Opens the subscribers of a target and routes their `progress` events to the pending saves. */
export class Board {
  readonly pending = new Map<string, (at: number) => void>();
  streams: SseStream[] = [];
  unexpected = 0;

  constructor(readonly target: Target) {}

  async open(): Promise<void> {
    this.streams = await Promise.all(
      this.target.rooms.map((room) =>
        room.subscribe((e) => {
          if (e.type !== 'progress') return;
          const d = JSON.parse(e.data) as { panelist?: string; section?: string };
          const key = `${room.id}|${d.panelist}|${d.section}`;
          const resolve = this.pending.get(key);
          if (!resolve) return void this.unexpected++;
          this.pending.delete(key);
          resolve(e.at);
        }),
      ),
    );
  }

  close(): void {
    for (const s of this.streams) s.close();
  }

  /** One save by `sender` (its `i`-th), then its event: latency recorded in `result`. */
  async saveOnce(room: Room, s: number, i: number, rand: () => number, result: PhaseResult): Promise<void> {
    const { sections, points } = this.target;
    const sender = room.senders[s];
    const section = sections[(i + s) % sections.length];
    const value = points[Math.floor(rand() * points.length)];
    const note = `Save ${i}: described the situation, the action taken and the result; ${'asked a probe about the outcome. '.repeat(1 + (i % 4))}`;
    const key = `${room.id}|${sender.id}|${section}`;
    if (this.pending.has(key)) throw new Error(`two saves in flight for ${key}`);
    const arrived = new Promise<number>((resolve) => this.pending.set(key, resolve));
    const t0 = performance.now();
    let res: HttpResponse;
    try {
      res = await sender.save(section, value, note);
    } catch (e) {
      this.pending.delete(key);
      return countError(result, (e as Error).message);
    }
    const t1 = performance.now();
    if (res.status !== 200) {
      this.pending.delete(key);
      return countError(result, `status ${res.status}: ${res.body.replace(/\s+/g, ' ').slice(0, 120)}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const at = await Promise.race([
      arrived,
      new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), EVENT_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (at < 0) {
      this.pending.delete(key);
      result.missed++;
    } else result.event.push(at - t0);
    result.response.push(t1 - t0);
  }

  /**
   * Every sender makes `saves` saves starting at its `from`-th, one at a time, pausing `think` ms
   * on average between them (and starting at a random moment within the first pause). No sender
   * starts a save after `deadline` (performance.now()).
   */
  async run(
    from: number,
    saves: number,
    think: number,
    seed: number,
    deadline = Infinity,
  ): Promise<PhaseResult> {
    const result = emptyResult();
    const started = performance.now();
    await Promise.all(
      this.target.rooms.flatMap((room, r) =>
        room.senders.map(async (_sender, s) => {
          const rand = prng(seed * 1000 + r * 10 + s);
          if (think) await sleep(rand() * think);
          for (let i = from; i < from + saves; i++) {
            if (performance.now() > deadline) return void result.cut++;
            await this.saveOnce(room, s, i, rand, result);
            if (think) await sleep(think * (0.4 + 1.2 * rand()));
          }
        }),
      ),
    );
    result.elapsedMs = performance.now() - started;
    return result;
  }
}

function countError(result: PhaseResult, what: string): void {
  result.errors.set(what, (result.errors.get(what) ?? 0) + 1);
}

export function merge(a: PhaseResult, b: PhaseResult): PhaseResult {
  const errors = new Map(a.errors);
  for (const [k, v] of b.errors) errors.set(k, (errors.get(k) ?? 0) + v);
  return {
    event: [...a.event, ...b.event],
    response: [...a.response, ...b.response],
    elapsedMs: a.elapsedMs + b.elapsedMs,
    errors,
    missed: a.missed + b.missed,
    cut: a.cut + b.cut,
  };
}
