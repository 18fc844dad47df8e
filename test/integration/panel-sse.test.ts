import assert from 'node:assert/strict';
import { PanelEventBus, panelEvents } from '../../src/live/event-bus.js';
import { sseSettings } from '../../src/features/panel/sse.js';
import { Position } from '../../src/features/positions/position.model.js';
import { openStreamsOf } from '../../src/features/panel/live-streams.js';
import { User } from '../../src/features/users/user.model.js';
import { setActive } from '../../src/features/users/users.service.js';
import { ensureSomeUser, loginAs, makeUser, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  saveRating,
  scheduleScoredInterview,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import { cookieOf, listen, openStream } from '../helpers/sse.js';
import { commandsDuring } from '../helpers/command-counter.js';

describe('panel live stream (Server-Sent Events)', () => {
  const t = useTestApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let s: ScoredInterview;
  const saved = { ...sseSettings };
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
    server = await listen(t.app);
    s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
  });
  after(async () => {
    Object.assign(sseSettings, saved);
    await server?.close();
  });
  const path = () => `/interviews/${s.interviewId}/events`;

  it('streams a save’s progress to the chair with an id, and the save itself to its author only', async function () {
    this.timeout(20_000);
    const [chair, member] = s.panel;
    const chairStream = await openStream(server.base, path(), cookieOf(chair.agent));
    const memberStream = await openStream(server.base, path(), cookieOf(member.agent));
    try {
      assert.equal(chairStream.status, 200);
      assert.match(String(chairStream.headers['content-type']), /^text\/event-stream/);
      assert.equal(chairStream.headers['cache-control'], 'no-store, no-transform');
      assert.match(chairStream.raw(), /^retry: \d+/);
      const res = await saveRating(member.agent, s.interviewId, s.sections[0].id, {
        value: 4,
        note: 'Clear example',
      });
      assert.equal(res.status, 200);
      const progress = await chairStream.waitFor((e) => e.event === 'progress');
      assert.match(progress.id!, /^[0-9a-f]{8}-\d+$/);
      assert.deepEqual(progress.json, {
        interview: s.interviewId,
        panelist: String(member.user._id),
        section: s.sections[0].id,
        rated: true,
        noted: true,
      });
      const own = await memberStream.waitFor((e) => e.event === 'saved');
      assert.equal(own.json.value, 4);
      await memberStream.waitFor((e) => e.event === 'progress');
      assert.ok(!chairStream.events.some((e) => e.event === 'saved'));
    } finally {
      chairStream.close();
      memberStream.close();
    }
  });

  it('when one save reaches several viewers just after an access change of each, then their checks share one read of the interview and one of the viewers', async function () {
    this.timeout(20_000);
    const [chair, member] = s.panel;
    const viewers = [chair, member, s.manager];
    const streams = await Promise.all(viewers.map((v) => openStream(server.base, path(), cookieOf(v.agent))));
    try {
      await tokenOf(member.agent); // the session's first page is not the save's cost
      // A change that keeps everyone's access: each stream must check before its next batch.
      await panelEvents.changingAccess(
        viewers.map((v) => String(v.user._id)),
        async () => undefined,
      );
      const trace = await commandsDuring(async () => {
        const res = await saveRating(member.agent, s.interviewId, s.sections[1].id, { value: 3 });
        assert.equal(res.status, 200);
        await Promise.all(streams.map((st) => st.waitFor((e) => e.event === 'progress')));
      });
      const count = (c: string) => trace.commands.filter((x) => x === c).length;
      // The save itself reads the interview once (its session's user comes with the session, in
      // `aggregate sessions`); the three streams' checks add one read of the viewers and one of the
      // interview (batched), and the manager's one read of the position.
      assert.equal(count('aggregate sessions'), 1, trace.commands.join(', '));
      assert.equal(count('find users'), 1, trace.commands.join(', '));
      assert.equal(count('find interviews'), 2, trace.commands.join(', '));
      assert.equal(count('find positions'), 1, trace.commands.join(', '));
      assert.equal(count('find candidates'), 0, trace.commands.join(', '));
    } finally {
      streams.forEach((st) => st.close());
    }
  });

  it('resumes after Last-Event-ID with what was missed, and asks for a reload when it cannot', async function () {
    this.timeout(20_000);
    const [chair, member] = s.panel;
    const first = await openStream(server.base, path(), cookieOf(chair.agent));
    await saveRating(member.agent, s.interviewId, s.sections[0].id, { note: 'First' });
    const seen = await first.waitFor((e) => e.event === 'progress');
    first.close();
    // While disconnected: two more saves.
    await saveRating(member.agent, s.interviewId, s.sections[1].id, { value: 2 });
    await saveRating(member.agent, s.interviewId, s.sections[1].id, { note: 'Second' });
    const resumed = await openStream(server.base, path(), cookieOf(chair.agent), {
      'Last-Event-ID': seen.id!,
    });
    try {
      await resumed.waitFor(
        (e) => e.event === 'progress' && e.json.noted === true && e.json.section === s.sections[1].id,
      );
      const progress = resumed.events.filter((e) => e.event === 'progress');
      assert.equal(progress.length, 2, 'exactly the two missed events');
      assert.ok(progress.every((e) => e.id !== seen.id));
      assert.ok(!resumed.events.some((e) => e.event === 'reset'));
    } finally {
      resumed.close();
    }
    const afterRestart = await openStream(server.base, path(), cookieOf(chair.agent), {
      'Last-Event-ID': `ffffffff-1`,
    });
    try {
      await afterRestart.waitFor((e) => e.event === 'reset');
    } finally {
      afterRestart.close();
    }
  });

  it('sends heartbeats, ends streams after their maximum age, and bounds the streams a user holds open', async function () {
    this.timeout(20_000);
    Object.assign(sseSettings, { heartbeatMs: 50, maxAgeMs: 400, maxPerUser: 2 });
    const [chair] = s.panel;
    const a = await openStream(server.base, path(), cookieOf(chair.agent));
    const b = await openStream(server.base, path(), cookieOf(chair.agent));
    const c = await openStream(server.base, path(), cookieOf(chair.agent));
    try {
      assert.equal(c.status, 429);
      await a.waitForText(': heartbeat');
      await a.ended;
      await b.ended;
      // The ended streams are no longer counted or subscribed.
      for (let i = 0; i < 50 && panelEvents.listenerCount(s.interviewId) > 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(panelEvents.listenerCount(s.interviewId), 0);
      const d = await openStream(server.base, path(), cookieOf(chair.agent));
      assert.equal(d.status, 200);
      d.close();
    } finally {
      [a, b, c].forEach((x) => x.close());
      Object.assign(sseSettings, saved);
    }
  });

  describe('access checked again while a stream is open', () => {
    let x: ScoredInterview;
    before(async function () {
      this.timeout(60_000);
      x = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    });
    const xPath = () => `/interviews/${x.interviewId}/events`;

    it('when an admin deactivates a panelist whose stream is open, then the stream closes at once and gets no further event', async function () {
      this.timeout(20_000);
      const [chair, , member] = x.panel;
      const stream = await openStream(server.base, xPath(), cookieOf(member.agent));
      assert.equal(stream.status, 200);
      const admin = await makeUser({ roles: ['admin'] });
      await setActive(String(member.user._id), false, admin);
      await stream.ended;
      const before = stream.events.length;
      assert.equal(
        (await saveRating(chair.agent, x.interviewId, x.sections[0].id, { value: 3 })).status,
        200,
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(stream.events.length, before, 'no event after deactivation');
      assert.equal(openStreamsOf(String(member.user._id)), 0);
    });

    it('when the account is deactivated elsewhere (another process), then the next event batch is not delivered and the stream ends', async function () {
      this.timeout(20_000);
      const [chair, member] = x.panel;
      const stream = await openStream(server.base, xPath(), cookieOf(member.agent));
      assert.equal(stream.status, 200);
      // Made by another process: this process's registry of streams is not told, only the bus.
      const elsewhere = new PanelEventBus();
      await elsewhere
        .changingAccess([String(member.user._id)], () =>
          User.updateOne(
            { _id: member.user._id },
            { $set: { status: 'deactivated' }, $inc: { sessionEpoch: 1 } },
          ),
        )
        .finally(() => elsewhere.stop());
      assert.equal(
        (await saveRating(chair.agent, x.interviewId, x.sections[1].id, { value: 2 })).status,
        200,
      );
      await stream.ended;
      assert.ok(!stream.events.some((e) => e.event === 'progress'), 'the batch was not delivered');
    });

    it('when an event comes from another process after a deactivation, then it is checked on arrival (not with this process’s earlier check) and not delivered', async function () {
      this.timeout(20_000);
      // The outer interview: this block's own panelists have been deactivated by the tests above.
      const [chair, member] = s.panel;
      const stream = await openStream(server.base, path(), cookieOf(member.agent));
      assert.equal(stream.status, 200);
      // A save published here: its check (started as the publish began) lets it through.
      assert.equal(
        (await saveRating(chair.agent, s.interviewId, s.sections[0].id, { value: 1 })).status,
        200,
      );
      await stream.waitFor((e) => e.event === 'progress');
      const elsewhere = new PanelEventBus(); // another app process on the same events collection
      try {
        await elsewhere.changingAccess([String(member.user._id)], () =>
          User.updateOne({ _id: member.user._id }, { $set: { status: 'deactivated' } }),
        );
        const sent = await elsewhere.publish(s.interviewId, 'progress', { panelist: 'elsewhere' });
        assert.ok(sent);
        await stream.ended;
        assert.ok(!stream.events.some((e) => e.json.panelist === 'elsewhere'), 'not delivered');
      } finally {
        await elsewhere.stop();
      }
    });

    it('when a manager no longer manages the position, then their open stream ends at the next event', async function () {
      this.timeout(20_000);
      const [chair] = x.panel;
      const { agent, user } = await loginAs(t.app, ['manager']);
      await Position.updateOne({ _id: x.positionId }, { $push: { sharedWith: user._id } });
      const stream = await openStream(server.base, xPath(), cookieOf(agent));
      assert.equal(stream.status, 200);
      await panelEvents.changingAccess([String(user._id)], () =>
        Position.updateOne({ _id: x.positionId }, { $pull: { sharedWith: user._id } }),
      );
      assert.equal(
        (await saveRating(chair.agent, x.interviewId, x.sections[0].id, { value: 4 })).status,
        200,
      );
      await stream.ended;
      assert.ok(!stream.events.some((e) => e.event === 'progress'));
    });
  });
});
