/**
 * Fault drill: the database goes away and comes back. The real server (src/server.ts) runs in a
 * child process with MONGODB_URI pointing at an embedded engine this test runs on a fixed port, as
 * a separate MongoDB would be. The engine is stopped: every request (pages, JSON, form posts, the
 * public reference link, /healthz) fails fast with 503 and says why, for longer than the driver's
 * heartbeat (so both the "connection refused" and the "no server to select" paths are crossed).
 * The engine is started again on the same port and data: the same server, never restarted, serves
 * the same session again, and writes work.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { SERVER_SELECTION_MS } from '../../src/db/connect.js';
import { DATABASE_DOWN_MESSAGE } from '../../src/middleware/error-handler.js';
import { Browser, type Answer } from './support/browser.js';
import { eventually, freePort, killAll, startServer, type ServerRun } from './support/server-child.js';

const ADMIN = { email: 'drill-admin@example.org', password: 'drill admin password 1234' };
/** The driver's heartbeat is 10 s: the outage lasts longer, so requests meet both kinds of failure. */
const OUTAGE_MS = 12_000;
/** Fast: the server selection timeout plus room for a busy machine (the driver's default is 30 s). */
const FAST_MS = SERVER_SELECTION_MS + 4_000;
/** /healthz answers within 2 s whatever the driver does. */
const HEALTH_FAST_MS = 2_000 + 2_000;

describe('fault drill: the database goes away and comes back', function () {
  this.timeout(180_000);
  let dir: string;
  let dbPort: number;
  let engine: EmbeddedMongo | undefined;
  let server: ServerRun;

  const startEngine = async () =>
    (engine = await startEmbeddedMongo({ dbPath: path.join(dir, 'db'), port: dbPort, log: () => undefined }));

  before(async function () {
    if (process.env.TEST_MONGODB_URI) this.skip(); // the drill stops and starts the engine itself
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-db-'));
    dbPort = await freePort();
    await startEngine();
    server = await startServer(await freePort(), {
      MONGODB_URI: `mongodb://127.0.0.1:${dbPort}/drill`,
      DATA_DIR: path.join(dir, 'data'),
      SESSION_SECRET: 'fault-drill-secret-fault-drill-secret-42',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    });
  });

  after(async () => {
    await killAll();
    await engine?.stop().catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const inviteForm = (browser: Browser, email: string) =>
    browser.postForm('/admin/users', {
      email,
      name: 'Drill Invitee',
      roles: 'panelist',
      _csrf: browser.csrf,
    });

  it('when the database stops, then requests fail fast with 503 and a clear page or JSON; when it is back, the same server recovers', async () => {
    const admin = new Browser(server.port);
    await admin.login(ADMIN.email, ADMIN.password);
    assert.equal((await admin.get('/admin/users')).status, 200);
    const health = await admin.get('/healthz');
    assert.deepEqual(JSON.parse(health.body).database, { status: 'up', kind: 'mongodb' });

    await engine!.stop();
    engine = undefined;

    // Requests of every kind, again and again while the database is away.
    const anonymous = new Browser(server.port);
    const link = `/r/${'A'.repeat(43)}`;
    const checks: [string, () => Promise<Answer>, (a: Answer) => void, number?][] = [
      [
        'a page',
        () => admin.get('/admin/users'),
        (a) => {
          assert.match(a.headers['content-type'] ?? '', /text\/html/);
          assert.match(a.body, /<title>Temporarily unavailable/);
          assert.ok(a.body.includes(DATABASE_DOWN_MESSAGE), 'the page says the database is not reachable');
          assert.ok(
            !/MongoServerSelectionError|MongoNetworkError|at .*node_modules/.test(a.body),
            'no stack trace',
          );
          assert.equal(a.headers['retry-after'], '5');
        },
      ],
      [
        'JSON',
        () => admin.get('/admin/users', { accept: 'application/json' }),
        (a) => assert.deepEqual(JSON.parse(a.body), { error: DATABASE_DOWN_MESSAGE }),
      ],
      [
        'a form post',
        () => inviteForm(admin, 'during-outage@example.org'),
        (a) => assert.match(a.body, /not reachable/),
      ],
      ['the public reference link', () => anonymous.get(link), (a) => assert.match(a.body, /not reachable/)],
      [
        '/healthz',
        () => anonymous.get('/healthz'),
        (a) => assert.deepEqual(JSON.parse(a.body).database, { status: 'down', kind: 'mongodb' }),
        HEALTH_FAST_MS,
      ],
    ];
    const outageStart = performance.now();
    let answered = 0;
    while (performance.now() - outageStart < OUTAGE_MS) {
      for (const [what, send, check, within = FAST_MS] of checks) {
        const a = await send();
        assert.equal(a.status, 503, `${what}: ${a.body.slice(0, 300)}`);
        assert.ok(a.ms < within, `${what} took ${Math.round(a.ms)} ms`);
        check(a);
        answered++;
      }
    }
    assert.ok(answered >= checks.length * 2, `${answered} requests during the outage`);
    assert.ok(server.alive(), 'the server is still running');

    // Back on the same port and data: the same process serves the same session again.
    await startEngine();
    await eventually(
      async () => (await admin.get('/admin/users')).status === 200,
      'the users page',
      30_000,
      250,
    );
    const back = await admin.get('/healthz');
    assert.equal(back.status, 200);
    assert.deepEqual(JSON.parse(back.body).database, { status: 'up', kind: 'mongodb' });
    const listed = JSON.parse((await admin.get('/admin/users', { accept: 'application/json' })).body) as {
      users: { email: string }[];
    };
    assert.ok(
      listed.users.some((u) => u.email === ADMIN.email),
      'the data from before the outage',
    );
    assert.ok(
      !listed.users.some((u) => u.email === 'during-outage@example.org'),
      'nothing written during it',
    );
    const invited = await inviteForm(admin, 'after-outage@example.org');
    assert.equal(invited.status, 303, invited.body.slice(0, 300));
    assert.ok(server.alive(), 'never restarted');
    assert.match(server.output(), /database unreachable/);

    const stopped = await server.stop('SIGTERM');
    assert.equal(stopped.code, 0, server.output());
  });
});
