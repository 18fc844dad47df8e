/**
 * An open live stream checks its viewer again only after a change of their access (access markers
 * through the ordered bus, src/live/access-fences.ts), never per event in the steady state; yet a
 * viewer deactivated, whose password was reset, taken off the panel or no longer a manager of the
 * position gets nothing published after the change, whichever app process made it. "Another app"
 * here is a second bus on the same events collection, as another process has.
 */
import assert from 'node:assert/strict';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { User } from '../../src/features/users/user.model.js';
import { sseSettings } from '../../src/features/panel/sse.js';
import { PanelEventBus, panelEvents } from '../../src/live/event-bus.js';
import { ensureSomeUser, loginAs, makeUser, postForm, useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  saveRating,
  SCORING_RATE_LIMITS,
  scheduleScoredInterview,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import { cookieOf, listen, openStream, type SseStream } from '../helpers/sse.js';

describe('panel live stream: access checked again only after an access change', function () {
  this.timeout(30_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let server: Awaited<ReturnType<typeof listen>>;
  let elsewhere: PanelEventBus;
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
    server = await listen(t.app);
    elsewhere = new PanelEventBus();
    await elsewhere.start();
  });
  after(async () => {
    await elsewhere?.stop();
    await server?.close();
  });

  const streamOf = async (s: ScoredInterview, agent: ScoredInterview['manager']['agent']) => {
    const stream = await openStream(server.base, `/interviews/${s.interviewId}/events`, cookieOf(agent));
    assert.equal(stream.status, 200);
    return stream;
  };
  /** The chair saves (published by this process) and the progress reaches the chair. */
  const chairSaves = async (s: ScoredInterview, value: number) => {
    const [chair] = s.panel;
    assert.equal((await saveRating(chair.agent, s.interviewId, s.sections[0].id, { value })).status, 200);
  };
  const progressOf = (stream: SseStream, value: number, s: ScoredInterview) =>
    stream
      .waitFor((e) => e.event === 'progress' && e.json.panelist === String(s.panel[0].user._id), 5000)
      .then(() => value);
  const count = (commands: string[], c: string) => commands.filter((x) => x === c).length;

  describe('reads per event', () => {
    let s: ScoredInterview;
    let streams: SseStream[];
    /** A member's save, delivered to every stream; the commands it cost. */
    const saveSeenByAll = async (value: number) => {
      const [, member] = s.panel;
      const before = streams.map((st) => st.events.length);
      const trace = await commandsDuring(async () => {
        assert.equal(
          (await saveRating(member.agent, s.interviewId, s.sections[1].id, { value })).status,
          200,
        );
        await Promise.all(
          streams.map((st, i) =>
            st.waitFor(
              (e) =>
                e.event === 'progress' &&
                st.events.indexOf(e) >= before[i] &&
                e.json.section === s.sections[1].id,
            ),
          ),
        );
      });
      return trace.commands;
    };

    before(async function () {
      this.timeout(60_000);
      s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2 });
      streams = await Promise.all(
        [s.panel[0].agent, s.panel[1].agent, s.manager.agent].map((a) => streamOf(s, a)),
      );
      await saveSeenByAll(1); // the session's first page (its CSRF token) is not a save's cost
    });
    after(() => streams.forEach((st) => st.close()));

    it('when saves reach three viewers and no access changed, then the streams read nothing: the save’s own reads only', async () => {
      for (const value of [2, 3, 4]) {
        const commands = await saveSeenByAll(value);
        // The save reads its session with the user (one aggregate) and the interview once; the
        // streams add nothing.
        assert.equal(count(commands, 'aggregate sessions'), 1, commands.join(', '));
        assert.equal(count(commands, 'find users'), 0, commands.join(', '));
        assert.equal(count(commands, 'find interviews'), 1, commands.join(', '));
        assert.equal(count(commands, 'find positions'), 0, commands.join(', '));
      }
    });

    it('when another app changes one viewer’s access, then the next batch checks that viewer only (one read each), and the one after none', async () => {
      const managerId = String(s.manager.user._id);
      await elsewhere.changingAccess([managerId], async () => undefined); // a change that keeps access
      const after = await saveSeenByAll(1);
      // The save's own reads (its session with the user, the interview), then the manager's check.
      assert.equal(count(after, 'find users'), 1, after.join(', '));
      assert.equal(count(after, 'find interviews'), 2, after.join(', '));
      assert.equal(count(after, 'find positions'), 1, after.join(', '));
      const steady = await saveSeenByAll(2);
      assert.equal(count(steady, 'find users'), 0, steady.join(', '));
      assert.equal(count(steady, 'find positions'), 0, steady.join(', '));
    });
  });

  describe('each kind of access change made through another app stops the stream before the next event', () => {
    let s: ScoredInterview;
    before(async function () {
      this.timeout(60_000);
      s = await scheduleScoredInterview(t.app, { panelists: 4, competencies: 2 });
    });

    /** The viewer's stream gets a save before the change, and after it ends without the next one. */
    const stopsAfter = async (
      agent: ScoredInterview['manager']['agent'],
      userId: string,
      change: () => Promise<unknown>,
    ) => {
      const stream = await streamOf(s, agent);
      try {
        await chairSaves(s, 1);
        await progressOf(stream, 1, s); // delivered while the access holds
        const seen = stream.events.length;
        await elsewhere.changingAccess([userId], change);
        await chairSaves(s, 2);
        await stream.ended;
        assert.equal(stream.events.length, seen, 'nothing delivered after the change');
      } finally {
        stream.close();
      }
    };

    it('when a panelist is deactivated', async () => {
      const [, member] = s.panel;
      await stopsAfter(member.agent, String(member.user._id), () =>
        User.updateOne(
          { _id: member.user._id },
          { $set: { status: 'deactivated' }, $inc: { sessionEpoch: 1 } },
        ),
      );
    });

    it('when a panelist’s password is reset', async () => {
      const [, , member] = s.panel;
      await stopsAfter(member.agent, String(member.user._id), () =>
        User.updateOne({ _id: member.user._id }, { $set: { passwordHash: 'x' }, $inc: { sessionEpoch: 1 } }),
      );
    });

    it('when a panelist is taken off the panel (replaced)', async () => {
      const member = s.panel[3];
      const newcomer = await makeUser({ roles: ['panelist'] });
      await stopsAfter(member.agent, String(member.user._id), () =>
        Interview.updateOne(
          { _id: s.interviewId, 'panel.user': member.user._id },
          { $set: { 'panel.$.user': newcomer._id } },
        ),
      );
    });

    it('when a manager no longer shares the position', async () => {
      const { agent, user } = await loginAs(t.app, ['manager']);
      await Position.updateOne({ _id: s.positionId }, { $push: { sharedWith: user._id } });
      await stopsAfter(agent, String(user._id), () =>
        Position.updateOne({ _id: s.positionId }, { $pull: { sharedWith: user._id } }),
      );
    });
  });

  describe('the changes made through this app’s own pages', () => {
    it('when the manager takes a panelist off the panel, or unshares the position, or an admin removes the manager role, then those streams end before the next event', async function () {
      this.timeout(60_000);
      const s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
      const leaver = s.panel[2];
      const shared = await loginAs(t.app, ['manager']);
      const demoted = await loginAs(t.app, ['manager']);
      await Position.updateOne(
        { _id: s.positionId },
        { $push: { sharedWith: { $each: [shared.user._id, demoted.user._id] } } },
      );
      const streams = await Promise.all(
        [leaver.agent, shared.agent, demoted.agent].map((a) => streamOf(s, a)),
      );
      try {
        await chairSaves(s, 1);
        await Promise.all(streams.map((st) => progressOf(st, 1, s)));
        const page = `/positions/${s.positionId}/interviews/${s.interviewId}`;
        const removed = await postForm(
          s.manager.agent,
          `${page}/panel`,
          { panelist: String(leaver.user._id), why: 'Left' },
          page,
        );
        assert.equal(removed.status, 303, removed.text.slice(0, 300));
        const unshared = await postForm(
          s.manager.agent,
          `/positions/${s.positionId}/unshare`,
          { user: String(shared.user._id) },
          `/positions/${s.positionId}`,
        );
        assert.equal(unshared.status, 303, unshared.text.slice(0, 300));
        const admin = await loginAs(t.app, ['admin']);
        const demote = await postForm(
          admin.agent,
          `/admin/users/${demoted.user._id}/roles`,
          { roles: ['panelist'] },
          `/admin/users`,
        );
        assert.ok(demote.status < 400, `${demote.status} ${demote.text.slice(0, 300)}`);

        await chairSaves(s, 2);
        await Promise.all(streams.map((st) => st.ended));
        // The managers may have the panel change (published before theirs), never the second save;
        // the leaver has nothing published after their removal, the panel change included.
        streams.forEach((st, i) =>
          assert.equal(
            st.events.filter((e) => e.event === 'progress').length,
            1,
            `stream ${i}: no save after the change`,
          ),
        );
        assert.ok(!streams[0].events.some((e) => e.event === 'panel-changed'), 'the leaver is not told');
      } finally {
        streams.forEach((st) => st.close());
      }
    });
  });

  describe('exactness around the change', () => {
    let s: ScoredInterview;
    before(async function () {
      this.timeout(60_000);
      s = await scheduleScoredInterview(t.app, { panelists: 3, competencies: 2 });
    });

    it('when an event is published after the write but before the change’s end marker, then it is not delivered (one before the write is)', async () => {
      const [, member] = s.panel;
      const stream = await streamOf(s, member.agent);
      try {
        await elsewhere.changingAccess([String(member.user._id)], async () => {
          // An event before the write: checked (the change has begun) and still allowed.
          await panelEvents.publish(s.interviewId, 'progress', { panelist: 'before' });
          await stream.waitFor((e) => e.json.panelist === 'before');
          await User.updateOne({ _id: member.user._id }, { $set: { status: 'deactivated' } });
          await panelEvents.publish(s.interviewId, 'progress', { panelist: 'during' });
        });
        await stream.ended;
        assert.ok(!stream.events.some((e) => e.json.panelist === 'during'), 'not delivered');
      } finally {
        stream.close();
      }
    });

    it('when a stream opens while a change of its viewer is under way, then the events after the write are not delivered', async () => {
      const [, , member] = s.panel;
      const memberId = String(member.user._id);
      let stream: SseStream | undefined;
      try {
        await elsewhere.changingAccess([memberId], async () => {
          // This process has delivered the begin marker before the stream opens.
          const probe = panelEvents.watchAccess(memberId);
          for (let i = 0; i < 100 && !probe.needsCheck(); i++) await new Promise((r) => setTimeout(r, 20));
          assert.ok(probe.needsCheck(), 'the change is known to be under way here');
          probe.stop();
          stream = await streamOf(s, member.agent);
          await User.updateOne({ _id: member.user._id }, { $inc: { sessionEpoch: 1 } });
          await panelEvents.publish(s.interviewId, 'progress', { panelist: 'during' });
        });
        await stream!.ended;
        assert.ok(!stream!.events.some((e) => e.json.panelist === 'during'), 'not delivered');
      } finally {
        stream?.close();
      }
    });

    it('when a bus starts while a change is under way, then it knows the change is open from the stored markers', async () => {
      const userId = String((await makeUser())._id);
      let starting: PanelEventBus | undefined;
      try {
        await elsewhere.changingAccess([userId], async () => {
          starting = new PanelEventBus();
          await starting.start();
          const watch = starting.watchAccess(userId);
          watch.checking();
          assert.equal(watch.needsCheck(), true);
          watch.stop();
        });
      } finally {
        await starting?.stop();
      }
    });

    it('when access is changed straight in the database (no marker), then the heartbeat’s check ends the stream', async () => {
      const { agent, user } = await loginAs(t.app, ['manager']);
      await Position.updateOne({ _id: s.positionId }, { $push: { sharedWith: user._id } });
      const saved = sseSettings.heartbeatMs;
      sseSettings.heartbeatMs = 100;
      const stream = await streamOf(s, agent).finally(() => (sseSettings.heartbeatMs = saved));
      try {
        await Position.updateOne({ _id: s.positionId }, { $pull: { sharedWith: user._id } });
        await stream.ended;
      } finally {
        stream.close();
      }
    });
  });
});
