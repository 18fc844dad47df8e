/**
 * The property check of one state-changing route: arbitrary bodies (see property-bodies.ts), sent
 * as the user allowed to use the route, with real fixture ids in the path and a valid CSRF token,
 * must never answer 5xx; a 4xx (or a redirect that flashes an error) must carry a clear message and
 * leave every document as it was; and no answer may leave a query operator (`$gt`...) stored as data.
 *
 * FC_RUNS sets the runs per route, FC_SEED replays a reported failure (with FC_PATH for its path).
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import fc from 'fast-check';
import type { Types } from 'mongoose';
import type supertest from 'supertest';
import { assertUnchanged, snapshotSince, storedOperators } from './db-snapshot.js';
import { decodeEntities, formsIn } from './html-forms.js';
import {
  bodyArbitrary,
  encodeForm,
  encodingArbitrary,
  nestFields,
  topLevelJson,
  type Body,
  type Encoding,
} from './property-bodies.js';
import { freshActor, paramsFor, roleFor, type Actor, type World } from './property-world.js';
import { fillPath, type AppRoute } from './route-table.js';

/** Routes whose own parser keeps field names flat (`a[b]` stays one key). */
const FLAT_BODY = /^\/(r|n)\/|\/candidates\/import$|^\/competencies\/import$/;

/** GET routes that are not pages to read forms from (streams and downloads). */
const NOT_A_PAGE = /\/events$|\.docx$|\.csv$|\/export$|^\/healthz$/;

export interface Forms {
  /** Each form action's default fields, nested as the app parses them. */
  byAction: Map<string, Body>;
  /** Every top-level field name seen on any page. */
  names: string[];
}

/** The actor a route is called as (`fresh` routes: the owner here; checkRoute signs in anew). */
export function actorFor(world: World, pattern: string): Actor {
  const role = roleFor(pattern);
  return world.actors[role === 'token' ? 'anonymous' : role === 'fresh' ? 'owner' : role];
}

/**
 * Valid bodies of the JSON routes and of forms the world's pages do not show in their current
 * state (scripts send these, or the form appears at another step).
 */
async function scriptBodies(world: World): Promise<Map<string, Body>> {
  const w = world.ids;
  const exported = await world.actors.admin.agent.get(`/competencies/frameworks/${w.framework}/export`);
  return new Map<string, Body>([
    ['/api/generate', { competencyId: w.competency, level: 1, kinds: ['behavioral', 'situational'] }],
    [`/interviews/${w.scoringInterview}/ratings/${w.interviewSection}`, { value: 3, note: 'Evidence.' }],
    [`/interviews/${w.scoringInterview}/submit`, {}],
    [
      `/interviews/${w.consensusInterview}/board/ratings/${w.interviewSection}`,
      { value: '3', why: 'Discussed.' },
    ],
    [`/interviews/${w.consensusInterview}/board/sign-off`, { consensusRev: '0' }],
    ['/api/frameworks/import', JSON.parse(exported.text) as Body],
  ]);
}

/** Reads every page of the world (as the user allowed to see it) and keeps the forms on them. */
export async function crawlForms(world: World, routes: AppRoute[]): Promise<Forms> {
  const byAction = new Map<string, Body>();
  const names = new Set<string>();
  const pages = routes
    .filter((r) => r.method === 'GET' && !NOT_A_PAGE.test(r.path))
    .map((r) => ({ pattern: r.path, url: fillPath(r.path, paramsFor(world, r.path)) }));
  // The generator's output, with the form that saves it to the bank.
  const generate = '/competencies/:id/questions/generate';
  pages.push({ pattern: generate, url: `${fillPath(generate, paramsFor(world, generate))}?level=1` });
  for (const { pattern, url } of pages) {
    const res = await actorFor(world, pattern).agent.get(url).set('Accept', 'text/html');
    if (!/html/.test(String(res.headers['content-type']))) continue;
    for (const form of formsIn(res.text, url)) {
      if (form.method !== 'post') continue;
      const fields = form.fields.filter(([n]) => n !== '_csrf');
      fields.forEach(([n]) => names.add(n.replace(/\[.*$/, '')));
      if (!byAction.has(form.action)) byAction.set(form.action, nestFields(fields));
    }
  }
  for (const [url, body] of await scriptBodies(world)) if (!byAction.has(url)) byAction.set(url, body);
  return { byAction, names: [...names].sort() };
}

/** The message a refusal shows: the error page's lead, a form's error summary, or JSON `error`. */
export function refusalMessage(res: supertest.Response): string {
  if (/json/.test(String(res.headers['content-type']))) {
    return typeof res.body?.error === 'string' ? res.body.error.trim() : '';
  }
  const text = res.text ?? '';
  // The error page's lead, an error summary (role="alert") or a field's error message.
  const blocks = text.matchAll(
    /<(p|div|span)\b[^>]*(?:class="lead"|role="alert"|class="error-message")[^>]*>([\s\S]*?)<\/\1>/g,
  );
  return [...blocks]
    .map((m) =>
      decodeEntities(m[2].replace(/<[^>]+>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join(' | ');
}

export interface SentRequest {
  encoding: Encoding;
  body: unknown;
  accept: 'html' | 'json';
}

export function send(actor: Actor, url: string, req: SentRequest, flat: boolean): supertest.Test {
  const test = actor.agent
    .post(url)
    .set('Accept', req.accept === 'json' ? 'application/json' : 'text/html,application/xhtml+xml');
  if (actor.csrf && req.encoding !== 'form') test.set('X-CSRF-Token', actor.csrf);
  switch (req.encoding) {
    case 'form': {
      const fields = encodeForm(req.body, flat);
      const csrf = actor.csrf ? `_csrf=${encodeURIComponent(actor.csrf)}` : '';
      return test.type('form').send([fields, csrf].filter(Boolean).join('&'));
    }
    case 'json':
    case 'json-top':
      return test.set('Content-Type', 'application/json').send(JSON.stringify(req.body));
    case 'text':
      return test.set('Content-Type', 'text/plain').send(String(JSON.stringify(req.body)));
    case 'empty':
      return test;
  }
}

export interface RouteCheck {
  app: Express;
  world: World;
  forms: Forms;
  since: Types.ObjectId;
  route: AppRoute;
  numRuns: number;
}

const describeRes = (res: supertest.Response) =>
  `${res.status} ${String(res.headers['content-type'] ?? '')} ${(res.text ?? '').slice(0, 800)}`;

/** The property of one route (throws fast-check's report, with seed and counterexample). */
export async function checkRoute(c: RouteCheck): Promise<void> {
  const url = fillPath(c.route.path, paramsFor(c.world, c.route.path));
  const shared = actorFor(c.world, c.route.path);
  const fresh = roleFor(c.route.path) === 'fresh';
  const flat = FLAT_BODY.test(url);
  const baseline = c.forms.byAction.get(url) ?? {};
  const ids = Object.values(c.world.ids).filter((v) => /^[0-9a-f]{24}$/.test(v));
  const body = bodyArbitrary(baseline, c.forms.names, { ids, hugeLength: 40_000 });
  const request: fc.Arbitrary<SentRequest> = encodingArbitrary.chain((encoding) =>
    fc.record({
      encoding: fc.constant(encoding),
      body: encoding === 'json-top' ? topLevelJson : body,
      accept:
        encoding === 'form'
          ? fc.constantFrom('html' as const, 'html' as const, 'json' as const)
          : fc.constantFrom('json' as const, 'html' as const),
    }),
  );
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  try {
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const actor = fresh ? await freshActor(c.app, c.world.spare) : shared;
        const before = await snapshotSince(c.since);
        const res = await send(actor, url, req, flat);
        assert.ok(res.status < 500, `${c.route.method} ${url} answered ${describeRes(res)}`);
        let refusal = res.status >= 400 ? refusalMessage(res) : undefined;
        if (res.status >= 400)
          assert.ok(refusal, `a ${res.status} without a clear message: ${describeRes(res)}`);
        if (res.status >= 300 && res.status < 400 && res.headers.location?.startsWith('/')) {
          // A redirect that flashes an error is a refusal too.
          const next = await actor.agent.get(res.headers.location).set('Accept', 'text/html');
          const flashed = /class="flash flash-error"[^>]*>([^<]*)</.exec(next.text ?? '');
          if (flashed) refusal = flashed[1];
        }
        const after = await snapshotSince(c.since);
        if (refusal !== undefined)
          assertUnchanged(before, after, `a refused request (${res.status}: ${refusal})`);
        const operators = storedOperators(before, after);
        assert.deepEqual(operators, [], 'a query operator was stored as data');
      }),
      { numRuns: c.numRuns, seed, path: process.env.FC_PATH, endOnFailure: !process.env.FC_SHRINK },
    );
  } catch (e) {
    // Huge generated strings would fill the screen: runs of one character are counted instead.
    (e as Error).message = (e as Error).message.replace(
      /(.)\1{40,}/gu,
      (m, ch: string) => `${ch}…(${[...m].length}×)`,
    );
    throw e;
  }
}
