/**
 * The clients of `npm run bench:load`: what each kind of user does, and the recorder of every
 * request's latency and outcome. A client sends its next request as soon as the previous one has
 * answered (closed loop, no pause), so the figures say what the app serves at that concurrency.
 *
 * - a manager (one signed-in session each) browses: the positions list, the position's results
 *   dashboard, a candidate's page, an interview's panel board, a candidate's references;
 * - a panelist autosaves ratings and notes of their interview, rotating over the competencies
 *   (`POST /interviews/:id/ratings/:sectionId`, JSON with the session's CSRF token);
 * - a reference takes the next unused link and answers it as a browser with the autosave script
 *   does: opens it, four background saves as the answers grow (a quarter of them, half, three
 *   quarters, all; JSON), submits the form (303) and gets the thank-you page.
 *
 * The same clients drive the floor (bench/load-floor.ts) by sending the same requests to
 * `/floor<path>`; the floor's answers have the same statuses and shapes.
 */
import { performance } from 'node:perf_hooks';
import { HttpClient, type HttpResponse } from './live-http.js';
import { referenceAnswers, type LoadData, type LoadReference } from './load-data.js';

export type Kind = 'manager' | 'panelist' | 'reference';
export const KINDS: Kind[] = ['manager', 'panelist', 'reference'];

export interface RouteStats {
  kind: Kind;
  route: string;
  latencies: number[];
  errors: number;
}

/** Everything measured in one kind of phase (the app, or the floor), over several runs. */
export class Recorder {
  readonly routes = new Map<string, RouteStats>();
  readonly errorKinds = new Map<string, number>();
  elapsedMs = 0;
  requests = 0;
  /** References whose answers were submitted (app phases). */
  submitted = 0;

  record(kind: Kind, route: string, ms: number, error?: string): void {
    const key = `${kind} ${route}`;
    let s = this.routes.get(key);
    if (!s) this.routes.set(key, (s = { kind, route, latencies: [], errors: 0 }));
    s.latencies.push(ms);
    this.requests++;
    if (error) {
      s.errors++;
      const what = `${route}: ${error}`;
      this.errorKinds.set(what, (this.errorKinds.get(what) ?? 0) + 1);
    }
  }
}

export interface Run {
  recorder: Recorder;
  deadline: number;
  maxRequests: number;
  /** For the floor: prefix every path with /floor. */
  floor: boolean;
}

const REQUEST_TIMEOUT_MS = 15_000;

class Stop extends Error {}

let interrupted = false;
/** Ends every run at its clients' next request (Ctrl-C: the report and the clean-up still happen). */
export function interruptRuns(): void {
  interrupted = true;
}

/** One request: timed, its status checked, the run's bounds enforced before it is sent. */
async function call(
  run: Run,
  client: HttpClient,
  kind: Kind,
  route: string,
  method: string,
  path: string,
  expect: number,
  options: Parameters<HttpClient['request']>[2] = {},
): Promise<HttpResponse | undefined> {
  if (interrupted || performance.now() > run.deadline || run.recorder.requests >= run.maxRequests)
    throw new Stop();
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const res = await Promise.race([
      client.request(method, run.floor ? `/floor${path}` : path, options),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
          REQUEST_TIMEOUT_MS,
        );
      }),
    ]);
    const ok = res.status === expect;
    run.recorder.record(kind, route, performance.now() - t0, ok ? undefined : `status ${res.status}`);
    return ok ? res : undefined;
  } catch (e) {
    run.recorder.record(kind, route, performance.now() - t0, (e as Error).message);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

async function loop(body: (i: number) => Promise<unknown>): Promise<void> {
  try {
    for (let i = 0; ; i++) await body(i);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
}

export function managerWorker(data: LoadData, client: HttpClient, m: number) {
  const p = data.positionId;
  return (run: Run) =>
    loop(async (i) => {
      const k = (i + m * 3) % data.interviews.length;
      const { id: interview, candidateId: c } = data.interviews[k];
      await call(run, client, 'manager', 'GET /positions', 'GET', '/positions', 200);
      await call(
        run,
        client,
        'manager',
        'GET /positions/:id/dashboard',
        'GET',
        `/positions/${p}/dashboard`,
        200,
      );
      await call(run, client, 'manager', 'GET candidate page', 'GET', `/positions/${p}/candidates/${c}`, 200);
      await call(
        run,
        client,
        'manager',
        'GET /interviews/:id/board',
        'GET',
        `/interviews/${interview}/board`,
        200,
      );
      await call(
        run,
        client,
        'manager',
        'GET candidate references',
        'GET',
        `/positions/${p}/candidates/${c}/references`,
        200,
      );
    });
}

export function panelistWorker(data: LoadData, client: HttpClient, interview: string, seat: number) {
  return (run: Run) =>
    loop(async (i) => {
      const section = data.sections[(i + seat) % data.sections.length];
      const value = data.points[(i * 7 + seat) % data.points.length];
      const note = `Save ${i}: described the situation, the action taken and the result; ${'asked a probe about the outcome. '.repeat(1 + (i % 4))}`;
      await call(
        run,
        client,
        'panelist',
        'POST /interviews/:id/ratings/:sectionId',
        'POST',
        `/interviews/${interview}/ratings/${section}`,
        200,
        {
          body: JSON.stringify({ value, note }),
          headers: { accept: 'application/json', 'x-csrf-token': client.csrf },
        },
      );
    });
}

/** Hands out each reference link once (app phases); the floor cycles over them. */
export class ReferencePool {
  private next = 0;
  constructor(readonly references: LoadReference[]) {}
  take(floor: boolean): LoadReference | undefined {
    if (floor) return this.references[this.next++ % this.references.length];
    return this.references[this.next++];
  }
  get used(): number {
    return Math.min(this.next, this.references.length);
  }
  reset(): void {
    this.next = 0;
  }
}

export function referenceWorker(port: number, pool: ReferencePool, onExhausted: () => void) {
  return (run: Run) =>
    loop(async () => {
      const ref = pool.take(run.floor);
      if (!ref) {
        onExhausted();
        throw new Stop();
      }
      // A reference has no account: a fresh client (no cookies) per link.
      const client = new HttpClient(port);
      const url = `/r/${ref.token}`;
      const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
      const type = 'application/x-www-form-urlencoded';
      const json = { accept: 'application/json' };
      if (!(await call(run, client, 'reference', 'GET /r/:token', 'GET', url, 200))) return;
      let rev = 0;
      const n = ref.questions.length;
      for (const upTo of [Math.ceil(n / 4), Math.ceil(n / 2), Math.ceil((3 * n) / 4), n]) {
        const res = await call(run, client, 'reference', 'POST /r/:token (autosave)', 'POST', url, 200, {
          body: form(referenceAnswers(ref, rev, 'save', upTo)),
          type,
          headers: json,
        });
        if (!res) return;
        rev = (JSON.parse(res.body) as { rev: number }).rev;
      }
      const submitted = await call(run, client, 'reference', 'POST /r/:token (submit)', 'POST', url, 303, {
        body: form(referenceAnswers(ref, rev, 'submit')),
        type,
      });
      if (!submitted) return;
      if (!run.floor) run.recorder.submitted++;
      await call(run, client, 'reference', 'GET /r/:token (thank-you page)', 'GET', url, 200);
    });
}
