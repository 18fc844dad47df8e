/**
 * Index use of the app's queries (issue 18): the queries the app really sends on its request paths
 * and background passes (pages, autosave, submit, results, reference link, login and rate limits,
 * reminders, outbox delivery, the live event reader and its replay) are recorded with the driver's
 * command monitoring, then explained. Each must read through an index and examine no more
 * documents than its filter matches (+ SLACK); distractor data of another position makes a
 * collection scan fail. A filter with a range ($gt, $lte...) is held to what the engine's hashed
 * indexes can do: no more documents than the filter's equality part matches (the index prefix).
 */
import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { uniqueEmail, useTestApp } from '../helpers/app.js';
import { queriesDuring, explainQuery, type ExplainedQuery } from '../helpers/query-recorder.js';
import {
  SCORING_RATE_LIMITS,
  rateAndSubmit,
  scheduleScoredInterview,
  scoreUrl,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';
import { makeReference } from '../helpers/reference-form-factories.js';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { panelEvents } from '../../src/live/event-bus.js';
import { runScorecardReminders } from '../../src/features/scorecard-reminders/scorecard-reminders.service.js';
import { runReferenceReminders } from '../../src/features/references/reference-reminders.js';

/** Documents a query may examine beyond its matches (a limited find reads one past its limit). */
const SLACK = 2;

/** Queries without a filter that read a whole collection on purpose, and why that is fine. */
const WHOLE_COLLECTION: Record<string, string> = {
  'find ratingscales': 'the scale picker lists every rating scale (a handful of documents)',
};

const RANGE = /^\$(gt|gte|lt|lte|ne|nin|not|exists|elemMatch|size|type|regex)$/;
const isRange = (cond: unknown) =>
  !!cond && typeof cond === 'object' && Object.keys(cond).some((op) => RANGE.test(op));

/** The filter's conditions an index can pin (equality to a value, $in), without ranges, nulls and $or. */
function equalityPart(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).filter(([k, v]) => !k.startsWith('$') && !isRange(v) && v !== null),
  );
}

/** Documents the equality part of a filter matches: of each $or branch, added up. */
async function prefixMatches(collection: string, filter: Record<string, unknown>): Promise<number> {
  const coll = mongoose.connection.db!.collection(collection);
  if (!Array.isArray(filter.$or)) return coll.countDocuments(equalityPart(filter));
  const { $or: branches, ...rest } = filter;
  let n = 0;
  for (const branch of branches) n += await coll.countDocuments(equalityPart({ ...rest, ...branch }));
  return n;
}

/** A write may have changed the very fields it selected on: its filter may match nothing now. */
const WRITES = new Set(['update', 'delete', 'findAndModify']);

describe('index use of the app’s queries', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;
  const explained: ExplainedQuery[] = [];

  before(async function () {
    // Another position, rated, and a batch of its candidates: what a scan would wade through.
    const other = await scheduleScoredInterview(t.app, { competencies: 5, panelists: 3 });
    await rateAndSubmit(other, other.panel);
    const createdBy = other.manager.user._id;
    await Candidate.insertMany(
      Array.from({ length: 20 }, (_, i) => ({
        position: other.positionId,
        name: `Distractor ${i}`,
        email: uniqueEmail('distractor'),
        createdBy,
      })),
    );
    await makeReference();

    const recorded = await queriesDuring(async () => {
      s = await scheduleScoredInterview(t.app, { competencies: 5, panelists: 3 });
      await scheduleScoredInterview(t.app, {
        manager: s.manager,
        position: { positionId: s.positionId, guideId: s.guideId },
        panel: s.panel.map((p) => p.user),
      });
      await rateAndSubmit(s, s.panel);
      const manager = s.manager.agent;
      const chair = s.panel[0].agent;
      for (const [agent, url] of [
        [manager, '/'],
        [chair, '/'],
        [chair, '/my-interviews'],
        [manager, `/positions/${s.positionId}`],
        [manager, `/positions/${s.positionId}/candidates`],
        [manager, `/positions/${s.positionId}/candidates/${s.candidateId}`],
        [manager, `/interviews/${s.interviewId}`],
        [chair, `/interviews/${s.interviewId}/board`],
        [chair, scoreUrl(s.interviewId)],
        [manager, `/positions/${s.positionId}/dashboard`],
        [manager, `/positions/${s.positionId}/compare`],
        [manager, `/api/positions/${s.positionId}/ranking`],
      ] as const) {
        const res = await agent.get(url);
        assert.ok(res.status < 400, `${url} answered ${res.status}`);
      }
      const ref = await makeReference();
      assert.equal((await supertest(t.app).get(ref.url)).status, 200);
      await runScorecardReminders({ mailer: t.mailer, config: t.config });
      await runReferenceReminders({ mailer: t.mailer, config: t.config });
      // A viewer reconnecting after its first event gets the rest replayed.
      const db = mongoose.connection.db!;
      const first = await db
        .collection('panel_events')
        .findOne({ interview: s.interviewId }, { sort: { _id: 1 } });
      const seq = await db
        .collection<{ _id: string; epoch: string }>('panel_events_seq')
        .findOne({ _id: 'seq' });
      assert.ok(first && seq, 'the submits published events');
      assert.ok(await panelEvents.since(s.interviewId, `${seq.epoch}-${String(first._id)}`));
      await new Promise((resolve) => setTimeout(resolve, 300)); // the outbox worker and event reader poll
    });
    for (const q of recorded) explained.push(await explainQuery(q));
  });

  it('when the app’s request paths and passes ran, then the hot queries were all recorded', function () {
    const shapes = explained.map((e) => e.query.shape).join('\n');
    for (const expected of [
      /^find users \{"email":1\}/m, // login
      /^findAndModify rate_limits \{"_id":1/m, // rate-limit keys
      /^find candidates \{"position":1\}/m, // a position's candidates
      /^aggregate ratings \{"interview":1/m, // an interview's ratings
      /^find resultsorders \{"position":1\}/m, // the stored ranking order of a position
      /^find candidateresults \{"candidate":\{"\$in":\[1\]\}\}/m, // a page's results summaries
      /^aggregate interviews \{"position":1,"updatedAt":\{"\$gte":1\}/m, // the change query
      /^aggregate references \{"tokenHash":1\}/m, // a reference's page by token (with its heading)
      /^find panel_events \{"interview":1,"_id":\{"\$gt":1\}\}/m, // the replay by _id range
      // the event reader: its poll, or where the deployment has change streams its catch-up read
      /^find panel_events \{"_id":\{"\$in":\[1\]\}\}|^find panel_events_seq \{"_id":1\}/m,
      /^findAndModify outboxmessages \{"\$or"/m, // outbox due mails
      /^find references \{"status":\{"\$in"/m, // reference reminders due
      /^find interviews \{"status":\{"\$in"/m, // scorecard reminders due
    ]) {
      assert.match(shapes, expected);
    }
  });

  it('when each recorded query is explained, then it reads through an index', function () {
    const scans = explained.filter((e) => {
      if (e.indexName || /\bEOF\b/.test(e.plan) /* no such collection yet */) return false;
      return !(
        Object.keys(e.query.filter).length === 0 &&
        WHOLE_COLLECTION[`${e.query.command} ${e.query.collection}`]
      );
    });
    assert.deepEqual(
      scans.map((e) => `${e.query.shape}: ${e.plan}`),
      [],
      'queries that scan a collection',
    );
  });

  it('when each recorded query is explained, then it examines no more documents than it matches (+ slack)', async function () {
    const excess: string[] = [];
    for (const e of explained) {
      const filter = e.query.filter as Record<string, unknown>;
      const ranged = Object.values(filter).some(isRange) || '$or' in filter;
      // With a range, the engine reads the documents of the equality prefix and filters them.
      const bound =
        ranged || WRITES.has(e.query.command) ? await prefixMatches(e.query.collection, filter) : e.matches;
      if (e.docsExamined > bound + SLACK) excess.push(`${e.query.shape}: ${e.plan} matches ${bound}`);
    }
    assert.deepEqual(excess, [], 'queries that examine more documents than they match');
  });
});
