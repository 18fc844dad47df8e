/**
 * Fault drill: the app, with the embedded engine in its process (src/server.ts, no MONGODB_URI), is
 * killed with SIGKILL in the middle of a burst of panelists' rating autosaves and references' saves
 * and submissions. It is started again on the same DATA_DIR, and every write the app acknowledged
 * (answered 200) before the kill must be there, read back through the restarted app's routes with
 * the sessions from before the kill.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadData, LoadReference } from '../../bench/load-data.js';
import { referenceAnswers } from '../../bench/load-data.js';
import { Browser } from './support/browser.js';
import { freePort, killAll, spawnTs, startServer, type ServerRun } from './support/server-child.js';

const SAVES_BEFORE_KILL = 100;
const SUBMISSIONS_BEFORE_KILL = 10;
const REFERENCE_CLIENTS = 4;
/** The kill comes at the latest this long into the burst. */
const BURST_LIMIT_MS = 60_000;

interface Save {
  i: number;
  value: number;
  note: string;
}

describe('fault drill: the app is killed with SIGKILL during a burst of saves and submissions', function () {
  this.timeout(300_000);
  let dataDir: string;
  let port: number;
  let env: Record<string, string>;
  let data: LoadData;

  before(async function () {
    if (process.env.TEST_MONGODB_URI) this.skip(); // the drill is about the in-process engine
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-kill9-'));
    port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const setup = spawnTs('test/faults/fixtures/drill-setup.ts', [dataDir, baseUrl], {});
    const exit = await setup.exited;
    assert.equal(exit.code, 0, `the set-up run failed:\n${setup.output()}`);
    const line = setup
      .output()
      .split('\n')
      .find((l) => l.startsWith('{'));
    data = JSON.parse(line!) as LoadData;
    env = {
      DATA_DIR: dataDir,
      BASE_URL: baseUrl,
      SESSION_SECRET: 'fault-drill-secret-fault-drill-secret-42',
      LOG_LEVEL: 'warn',
      // Behind a proxy on loopback: each reference's address comes from X-Forwarded-For, so the
      // per-address limit of the token links applies per reference, as it would in production.
      TRUST_PROXY: 'loopback',
    };
  });

  afterEach(killAll);
  after(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the server is killed mid-burst and started again on the same data, then every acknowledged rating save, reference save and submission is there', async () => {
    let server: ServerRun = await startServer(port, env);

    // Every panelist signs in before the burst.
    const seats = data.interviews.flatMap((iv) =>
      iv.panel.map((p, s) => ({ interview: iv.id, panelist: p.id, seat: s, browser: new Browser(port) })),
    );
    for (const seat of seats) {
      const email = data.interviews.flatMap((iv) => iv.panel).find((p) => p.id === seat.panelist)!.email;
      await seat.browser.login(email, data.password);
    }

    // The burst. Each client has one request in flight at a time and stops at its first failure.
    const acked = new Map<string, Save>(); // interview|panelist|section -> last acknowledged save
    const inFlight = new Map<string, { section: string; save: Save }>(); // panelist -> its last sent save
    const drafts = new Map<string, { rev: number; marker: string }>(); // reference -> last acknowledged draft
    const submitted = new Set<string>();
    const refused: string[] = [];
    let ackedSaves = 0;
    let unacknowledged = 0;
    let killed = false;
    const pool = [...data.references];

    const burstEnds = Date.now() + BURST_LIMIT_MS;
    const maybeKill = () => {
      const enough = ackedSaves >= SAVES_BEFORE_KILL && submitted.size >= SUBMISSIONS_BEFORE_KILL;
      const late = Date.now() > burstEnds || pool.length < data.references.length / 4;
      if (!killed && (enough || late)) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    };
    const failed = (what: string, e: unknown) => {
      // Before the kill every request must succeed; after it, none is expected to.
      if (!killed) refused.push(`${what}: ${(e as Error).message}`);
      unacknowledged++;
    };

    const panelist = async (seat: (typeof seats)[number]) => {
      for (let i = 0; !killed; i++) {
        const section = data.sections[(i + seat.seat) % data.sections.length];
        const save = {
          i,
          value: data.points[(i + seat.seat) % data.points.length],
          note: `Drill note ${seat.panelist} save ${i}`,
        };
        inFlight.set(seat.panelist, { section, save });
        try {
          const res = await seat.browser.postJson(`/interviews/${seat.interview}/ratings/${section}`, {
            value: save.value,
            note: save.note,
          });
          if (res.status !== 200) throw new Error(`status ${res.status} ${res.body.slice(0, 200)}`);
          acked.set(`${seat.interview}|${seat.panelist}|${section}`, save);
          ackedSaves++;
          maybeKill();
        } catch (e) {
          return failed(`save ${seat.panelist} ${i}`, e);
        }
      }
    };

    const reference = async (k: number) => {
      const browser = new Browser(port);
      for (let ref = pool.shift(), n = 1; ref && !killed; ref = pool.shift(), n++) {
        browser.headers['x-forwarded-for'] = `10.77.${k}.${n}`;
        const url = `/r/${ref.token}`;
        try {
          const draft = referenceAnswers(ref, 0, 'save', Math.ceil(ref.questions.length / 2));
          const marker = `Drill draft ${ref.id}`;
          draft[`comment:${ref.questions[0].id}`] = marker;
          const saved = await browser.postForm(url, draft, 'application/json');
          if (saved.status !== 200) throw new Error(`status ${saved.status} ${saved.body.slice(0, 200)}`);
          const rev = (JSON.parse(saved.body) as { rev: number }).rev;
          drafts.set(ref.id, { rev, marker });
          const res = await browser.postForm(url, referenceAnswers(ref, rev, 'submit'), 'application/json');
          if (res.status !== 200) throw new Error(`status ${res.status} ${res.body.slice(0, 200)}`);
          submitted.add(ref.id);
          maybeKill();
        } catch (e) {
          return failed(`reference ${ref.id}`, e);
        }
      }
    };

    await Promise.all([
      ...seats.map(panelist),
      ...Array.from({ length: REFERENCE_CLIENTS }, (_, k) => reference(k)),
    ]);
    if (!killed) server.child.kill('SIGKILL'); // every client failed before the kill (asserted below)
    const exit = await server.exited;

    assert.deepEqual(refused, [], 'requests failed before the kill');
    assert.equal(exit.signal, 'SIGKILL', 'the server was killed, not stopped');
    assert.ok(unacknowledged > 0, 'requests were in flight when the server was killed');
    assert.ok(ackedSaves >= SAVES_BEFORE_KILL / 2, `only ${ackedSaves} saves were acknowledged`);
    assert.ok(submitted.size > 0, 'no submission was acknowledged');

    // Started again on the same DATA_DIR: the engine replays its journal.
    server = await startServer(port, env);

    // Each panelist reads their own ratings with the session from before the kill.
    for (const seat of seats) {
      seat.browser.dropConnections();
      const res = await seat.browser.get(`/api/interviews/${seat.interview}/summary`, {
        accept: 'application/json',
      });
      assert.equal(res.status, 200, `summary for ${seat.panelist}: ${res.body.slice(0, 200)}`);
      const summary = JSON.parse(res.body) as {
        competencies: { section: string; mine?: { value: number | null; note: string } }[];
      };
      for (const c of summary.competencies) {
        const want = acked.get(`${seat.interview}|${seat.panelist}|${c.section}`);
        if (!want) continue;
        const last = inFlight.get(seat.panelist);
        // The stored rating is the last acknowledged one, or the save in flight at the kill.
        const candidates = [
          want,
          ...(last && last.section === c.section && last.save.i > want.i ? [last.save] : []),
        ];
        assert.ok(
          candidates.some((s) => c.mine?.note === s.note && c.mine?.value === s.value),
          `panelist ${seat.panelist}, section ${c.section}: stored ${JSON.stringify(c.mine)}, acknowledged ${JSON.stringify(want)}`,
        );
      }
    }

    // The manager (signing in after the restart) sees every acknowledged submission with its answers.
    const manager = new Browser(port);
    await manager.login(data.manager.email, data.password);
    type Listed = {
      id: string;
      status: string;
      answers?: { id: string; rating?: string; comment: string }[];
    };
    const byId = new Map<string, Listed>();
    for (const candidateId of data.candidateIds) {
      const res = await manager.get(`/api/candidates/${candidateId}/references`, {
        accept: 'application/json',
      });
      assert.equal(res.status, 200, res.body.slice(0, 200));
      for (const r of (JSON.parse(res.body) as { references: Listed[] }).references) byId.set(r.id, r);
    }
    const refs = new Map<string, LoadReference>(data.references.map((r) => [r.id, r]));
    for (const id of submitted) {
      const r = byId.get(id);
      assert.equal(r?.status, 'submitted', `reference ${id} was acknowledged as submitted`);
      const sent = referenceAnswers(refs.get(id)!, 0, 'submit');
      assert.equal(r.answers?.length, refs.get(id)!.questions.length, `reference ${id}: every answer`);
      for (const a of r.answers ?? []) {
        assert.equal(a.comment, sent[`comment:${a.id}`], `reference ${id}, question ${a.id}: the comment`);
        assert.equal(a.rating, sent[`rating:${a.id}`], `reference ${id}, question ${a.id}: the rating`);
      }
    }
    // A draft acknowledged but not submitted: its link still opens the saved answers.
    for (const [id, draft] of drafts) {
      if (submitted.has(id)) continue;
      const status = byId.get(id)?.status;
      assert.ok(status === 'in-progress' || status === 'submitted', `reference ${id} is ${status}`);
      if (status === 'submitted') continue; // its submission was in flight and made it
      const page = await new Browser(port, { 'x-forwarded-for': '10.78.0.1' }).get(
        `/r/${refs.get(id)!.token}`,
      );
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(draft.marker), `reference ${id}: the saved draft is on the page`);
    }

    const stopped = await server.stop('SIGTERM');
    assert.equal(stopped.code, 0, server.output());
  });
});
