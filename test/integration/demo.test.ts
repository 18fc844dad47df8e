/**
 * The demo (issue 9): loaded into an empty database it holds everything it promises; a database
 * with anything else in it is refused before a single write; the sign-in page lists the demo's
 * accounts only in demo mode.
 *
 * The demo needs an empty database, and the other test files share one per process, so the loading
 * tests move mongoose's default connection (which the services use) to a fresh database on the
 * same server for their duration, and back to the shared one afterwards.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { panelEvents } from '../../src/live/event-bus.js';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { createMailer, type Mailer } from '../../src/lib/mailer.js';
import { DemoMarker } from '../../src/demo/demo-marker.model.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/demo-people.js';
import { DemoRefusedError, loadDemo, type DemoSummary } from '../../src/demo/load-demo.js';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { Guide } from '../../src/features/guides/guide.model.js';
import { Interview, phaseOf } from '../../src/features/interviews/interview.model.js';
import { OutboxMessage } from '../../src/features/outbox/outbox.model.js';
import { interviewStats } from '../../src/features/panel/panel-stats.js';
import { Position } from '../../src/features/positions/position.model.js';
import { PositionTemplate } from '../../src/features/competencies/position-template.model.js';
import { QuestionItem } from '../../src/features/question-bank/question-item.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { RatingChange } from '../../src/features/scoring/rating-change.model.js';
import { User } from '../../src/features/users/user.model.js';
import { authenticate, forgetUserCache } from '../../src/features/users/users.service.js';
import {
  connectTestDatabase,
  ensureSomeUser,
  login,
  testServerUri,
  ownRateLimitScope,
} from '../helpers/app.js';

/** How many documents each collection holds (sessions expire on their own and are left out). */
async function counts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const out: Record<string, number> = {};
  for (const c of await db.listCollections().toArray())
    if (c.name !== 'sessions') out[c.name] = await db.collection(c.name).countDocuments();
  return out;
}

/** Points mongoose's default connection at `dbName` on the test server (indexes built). */
async function useDatabase(server: string, dbName: string): Promise<void> {
  // The live bus numbers events from the database's sequence: it starts again on the other database.
  await panelEvents.stop();
  await mongoose.disconnect();
  // Monitored as test/helpers/app.ts connects: later files count their commands on this client.
  await mongoose.connect(server, { dbName, monitorCommands: true });
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
  forgetUserCache();
}

const tally = (values: string[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

describe('demo data', function () {
  this.timeout(120_000);
  let dataDir: string;
  let mailer: Mailer;
  let config: Config;
  const configFor = (demo: boolean) =>
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-42',
      BASE_URL: 'http://localhost:3999',
      ...(demo ? { DEMO: 'true' } : {}),
    });

  before(async () => {
    await connectTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-data-'));
    config = configFor(true);
    // Not started: the demo's messages stay queued in the outbox collection.
    mailer = createMailer({
      from: config.mailFrom,
      outboxDir: path.join(dataDir, 'outbox'),
      logger: createLogger('silent'),
    });
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('when the database already has users, then loading the demo is refused and writes nothing', async () => {
    await ensureSomeUser();
    const before = await counts();
    await assert.rejects(loadDemo({ mailer, config }), (e: unknown) => {
      assert.ok(e instanceof DemoRefusedError);
      assert.equal(e.state, 'data');
      assert.match(e.message, /already has data .* fresh directory: DATA_DIR=/);
      return true;
    });
    assert.deepEqual(await counts(), before);
  });

  describe('when loaded into an empty database', () => {
    let shared: { server: string; dbName: string };
    let summary: DemoSummary;
    let positionId: string;
    const now = new Date();

    before(async () => {
      const c = mongoose.connection;
      shared = {
        server: testServerUri(),
        dbName: c.name,
      };
      await useDatabase(shared.server, `demotest_${process.pid}`);
      const started = Date.now();
      summary = await loadDemo({ mailer, config, now });
      // Seconds, not minutes, even on a slow shared machine.
      assert.ok(Date.now() - started < 60_000, `loaded in ${Date.now() - started} ms`);
      positionId = String((await Position.findOne({}, '_id').lean())!._id);
    });
    after(async () => {
      await mongoose.connection.dropDatabase();
      await useDatabase(shared.server, shared.dbName);
    });

    it('when loaded, then there is an active user for each role, all with the demo password', async () => {
      const users = await User.find({}).lean();
      assert.equal(users.length, 7);
      const roles = tally(users.flatMap((u) => u.roles));
      assert.deepEqual(roles, { admin: 1, manager: 2, panelist: 4 });
      assert.ok(users.every((u) => u.status === 'active'));
      const check = await authenticate(DEMO_USERS[1].email, DEMO_PASSWORD);
      assert.equal(check.ok, true);
      assert.deepEqual(
        summary.users.map((u) => u.email),
        DEMO_USERS.map((u) => u.email),
      );
    });

    it('when loaded, then the position comes from the class-1230 template with levels and one weight with its reason, shared with the second manager', async () => {
      const positions = await Position.find({}).lean();
      assert.equal(positions.length, 1);
      const [p] = positions;
      const template = await PositionTemplate.findById(p.fromTemplate).lean();
      assert.equal(template?.classCode, '1230');
      assert.equal(p.title, 'Customer Service Representative');
      assert.equal(p.competencies.length, 5);
      const weighted = p.competencies.filter((c) => c.weight !== 1);
      assert.equal(weighted.length, 1);
      assert.match(weighted[0].weightReason ?? '', /customer service/i);
      assert.equal(p.sharedWith.length, 1);
    });

    it('when loaded, then the bank holds approved questions for every competency and a draft to review, and the guide is published from them', async () => {
      const items = await QuestionItem.find({}).lean();
      const position = (await Position.findById(positionId).lean())!;
      for (const c of position.competencies) {
        const approved = items.filter(
          (i) => String(i.competency) === String(c.competency) && i.status === 'approved',
        );
        assert.deepEqual(approved.map((i) => i.kind).sort(), ['behavioral', 'situational']);
        assert.ok(approved.every((i) => i.level === c.requiredLevel && i.approvedBy));
      }
      assert.ok(items.some((i) => i.status === 'draft'));
      const guide = (await Guide.findOne({ position: positionId }).lean())!;
      assert.equal(guide.status, 'published');
      assert.equal(guide.latestVersion, 1);
      const version = (await GuideVersion.findOne({ guide: guide._id, version: 1 }).lean())!;
      assert.ok(version.publishedAt < now);
      assert.ok(guide.sections.every((s) => s.questions.every((q) => q.source?.type === 'bank')));
    });

    it('when loaded, then six candidates stand at different stages, with the history of how they got there', async () => {
      const candidates = await Candidate.find({}).lean();
      assert.deepEqual(tally(candidates.map((c) => c.stage)), {
        references: 1,
        interview: 3,
        applied: 1,
        withdrawn: 1,
      });
      const maria = candidates.find((c) => c.stage === 'references')!;
      assert.deepEqual(
        maria.stageHistory.map((h) => `${h.from}>${h.to}`),
        ['applied>interview', 'interview>references'],
      );
      assert.ok(maria.stageHistory[0].at < maria.stageHistory[1].at);
      assert.ok(maria.stageHistory[1].at < now);
    });

    it('when loaded, then one interview is complete, one at consensus with disagreement showing, one being scored and one ahead', async () => {
      const interviews = await Interview.find({}).lean();
      const byPhase = Object.fromEntries(interviews.map((i) => [phaseOf(i), i]));
      assert.deepEqual(Object.keys(byPhase).sort(), ['complete', 'consensus', 'scheduled', 'scoring']);

      const complete = byPhase.complete;
      assert.equal(complete.consensus.length, 5);
      assert.equal(complete.recommendation?.value, 'highly-recommended');
      assert.ok(complete.panel.every((p) => p.submittedAt && p.signedOffAt));
      assert.ok(complete.scheduledAt < complete.completedAt! && complete.completedAt! < now);
      assert.equal(await RatingChange.countDocuments({ interview: complete._id, kind: 'rating' }), 1);

      const consensus = byPhase.consensus;
      assert.ok(consensus.panel.every((p) => p.submittedAt && !p.signedOffAt));
      assert.equal(consensus.consensus.length, 2);
      const stats = await interviewStats(consensus._id);
      assert.equal(stats.filter((s) => s.disagreement).length, 2);

      const scoring = byPhase.scoring;
      assert.equal(scoring.panel.filter((p) => p.submittedAt).length, 1);
      const saved = tally(
        (await Rating.find({ interview: scoring._id }).lean()).map((r) => String(r.panelist)),
      );
      assert.deepEqual(
        scoring.panel.map((p) => saved[String(p.user)]),
        [3, 5, 1],
      );
      assert.ok(scoring.scheduledAt < now);

      assert.ok(byPhase.scheduled.scheduledAt > now);
      assert.ok(interviews.every((i) => i.createdAt < i.scheduledAt));
    });

    it('when loaded, then references stand in every state, with answers where submitted or drafted, from the position’s reference template', async () => {
      const refs = await Reference.find({}).lean();
      assert.deepEqual(tally(refs.map((r) => r.status)), {
        submitted: 2,
        'in-progress': 1,
        declined: 1,
        opened: 1,
        sent: 1,
        'not-sent': 1,
      });
      for (const r of refs.filter((x) => x.status === 'submitted')) {
        assert.ok(r.submittedAt! < now && r.identity?.confirmedAt);
        const rated = r.questionnaire!.questions!.filter((q) => q.rated).length;
        assert.equal(r.answers.filter((a) => a.rating).length, rated);
      }
      const draft = refs.find((r) => r.status === 'in-progress')!;
      assert.ok(draft.answers.length > 0 && draft.lastSavedAt);
      assert.match(refs.find((r) => r.status === 'declined')!.declineReason ?? '', /policy/);
      assert.ok(await ReferenceTemplate.exists({ position: positionId }));
      // Every request went out through the outbox, with the panel invitations.
      assert.ok((await OutboxMessage.countDocuments({})) >= 6 + 12);
    });

    it('when the owner asks for the ranking, then the candidate with a complete interview is ranked first', async () => {
      const agent = supertest.agent(
        createApp({ config, logger: createLogger('silent'), mailer, rateLimitScope: ownRateLimitScope() }),
      );
      await login(agent, 'marcus.bell@example.org', DEMO_PASSWORD);
      const res = await agent.get(`/api/positions/${positionId}/ranking`);
      assert.equal(res.status, 200);
      const ranked = res.body.candidates.filter((c: { rank: number | null }) => c.rank !== null);
      assert.equal(ranked.length, 1);
      assert.equal(ranked[0].name, 'Maria Gonzalez');
      assert.equal(ranked[0].rank, 1);
      const dashboard = await agent.get(`/positions/${positionId}/dashboard`);
      assert.match(dashboard.text, /Candidates: 1 of 6 ranked/);
    });

    it('when each page of the tour is opened by the user it names, then it answers 200', async () => {
      const app = createApp({
        config,
        logger: createLogger('silent'),
        mailer,
        rateLimitScope: ownRateLimitScope(),
      });
      const agents = new Map<string, supertest.Agent>();
      for (const stop of summary.tour) {
        let agent = agents.get(stop.as);
        if (!agent) {
          agent = supertest.agent(app);
          const email = DEMO_USERS.find((u) => u.name === stop.as)!.email;
          assert.equal((await login(agent, email, DEMO_PASSWORD)).status, 303);
          agents.set(stop.as, agent);
        }
        const res = await agent.get(stop.href);
        assert.equal(res.status, 200, `${stop.href} as ${stop.as}`);
      }
    });

    it('when the demo is loaded again, then it is refused and nothing changes', async () => {
      const before = await counts();
      await assert.rejects(loadDemo({ mailer, config }), (e: unknown) => {
        assert.ok(e instanceof DemoRefusedError);
        assert.equal(e.state, 'demo');
        return true;
      });
      assert.deepEqual(await counts(), before);
      assert.equal(await DemoMarker.countDocuments({}), 1);
    });

    it('when in demo mode, then the sign-in page lists the demo users, their roles and the password, and the header says demo data', async () => {
      const app = createApp({
        config,
        logger: createLogger('silent'),
        mailer,
        rateLimitScope: ownRateLimitScope(),
      });
      const res = await supertest(app).get('/login');
      assert.equal(res.status, 200);
      assert.match(res.text, /<p class="demo-banner">Demo data<\/p>/);
      assert.ok(res.text.includes(DEMO_PASSWORD));
      for (const u of DEMO_USERS) {
        assert.ok(res.text.includes(u.email), u.email);
        assert.ok(res.text.includes(u.name), u.name);
      }
      assert.match(res.text, /<td>Hiring manager<\/td>/);
      assert.match(res.text, /Where to look first/);
      const failed = await login(supertest.agent(app), DEMO_USERS[0].email, 'not the password');
      assert.equal(failed.status, 401);
      assert.ok(failed.text.includes(DEMO_PASSWORD));
    });

    it('when not in demo mode, then the sign-in page shows no demo accounts, password or banner', async () => {
      const app = createApp({
        config: configFor(false),
        logger: createLogger('silent'),
        mailer,
        rateLimitScope: ownRateLimitScope(),
      });
      const res = await supertest(app).get('/login');
      assert.equal(res.status, 200);
      assert.ok(!res.text.includes(DEMO_PASSWORD));
      assert.ok(!res.text.includes(DEMO_USERS[0].email));
      assert.doesNotMatch(res.text, /Demo accounts|demo-banner/);
      const failed = await login(supertest.agent(app), DEMO_USERS[0].email, 'not the password');
      assert.equal(failed.status, 401);
      assert.ok(!failed.text.includes(DEMO_PASSWORD));
    });
  });
});
