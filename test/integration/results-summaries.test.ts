/**
 * The per-candidate results summaries (candidate-results.ts) against the reference pipelines
 * (ranking.ts, aggregation.ts): after the first build, after changes to candidates and interviews
 * made behind the summaries' back, after a weight change, and across pages.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { loginAs, makeUser, useTestApp } from '../helpers/app.js';
import {
  makeCandidate,
  makeCompetency,
  makeInterview,
  makePosition,
  makeResultsFixture,
  type ResultsFixture,
} from '../helpers/results-factories.js';
import { fromPipelines, fromSummaries } from '../helpers/results-reference.js';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import type { UserDoc } from '../../src/features/users/user.model.js';

describe('results summaries', function () {
  this.timeout(60_000);
  const t = useTestApp();
  let owner: Awaited<ReturnType<typeof loginAs>>;
  let f: ResultsFixture;

  const open = async (page = 1) => {
    const res = await owner.agent.get(`/api/positions/${f.position._id}/ranking?page=${page}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  before(async () => {
    owner = await loginAs(t.app, ['manager']);
    f = await makeResultsFixture(owner.user);
  });

  it('when the results are first opened, then the summaries are what the pipelines compute', async () => {
    await open();
    assert.deepEqual(await fromSummaries(f.position._id), await fromPipelines(f.position._id));
  });

  it('when candidates and interviews change behind them, then the next page view folds the changes in', async () => {
    await open();
    const { a, b, c } = f.competencies;
    const { pat, lee } = f.panelists;
    await Candidate.updateOne(
      { _id: f.candidates.dee._id },
      { $set: { name: 'Dee Renamed', stage: 'offer' } },
    );
    await makeInterview({
      position: f.position._id,
      guide: new Types.ObjectId(),
      candidate: f.candidates.dee._id,
      competencies: [a._id, b._id, c._id],
      panel: [pat, lee],
      ratings: [
        [5, 5, 5],
        [2, 5, 5],
      ],
      status: 'complete',
      consensus: [5, 5, 5],
      recommendation: 'highly-recommended',
      scheduledAt: new Date(Date.UTC(2026, 1, 20, 9)),
    });
    const body = await open();
    const dee = body.candidates.find((x: { id: string }) => x.id === String(f.candidates.dee._id));
    assert.equal(dee.name, 'Dee Renamed');
    assert.equal(dee.rank, 1);
    assert.deepEqual(await fromSummaries(f.position._id), await fromPipelines(f.position._id));
  });

  it('when a weight changes, then every total follows', async () => {
    await Position.updateOne({ _id: f.position._id }, { $set: { 'competencies.0.weight': 5 } });
    await open();
    assert.deepEqual(await fromSummaries(f.position._id), await fromPipelines(f.position._id));
  });

  it('when a position has more candidates than a page, then the pages split the ranking without gaps', async () => {
    const manager: UserDoc = owner.user;
    const k = await makeCompetency('Paging competency');
    const { position, guide } = await makePosition(manager, [{ id: k._id, weight: 1 }]);
    const panel = [await makeUser({ roles: ['panelist'] }), await makeUser({ roles: ['panelist'] })];
    for (let i = 0; i < 75; i++) {
      const cand = await makeCandidate(position._id, `Paged ${String(i).padStart(3, '0')}`, manager);
      if (i % 4 === 3) continue; // some without an interview: listed after the ranked ones
      await makeInterview({
        position: position._id,
        guide,
        candidate: cand._id,
        competencies: [k._id],
        panel,
        ratings: [[1 + (i % 5)], [1 + (i % 5)]],
        status: 'complete',
        consensus: [1 + (i % 5)],
        scheduledAt: new Date(Date.UTC(2026, 2, 1, 9) + i * 60_000),
      });
    }
    const pages = [];
    for (const page of [1, 2]) {
      const res = await owner.agent.get(`/api/positions/${position._id}/ranking?page=${page}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.pages, 2);
      assert.equal(res.body.total, 75);
      pages.push(...res.body.candidates.map((c: { id: string; rank: number | null }) => [c.id, c.rank]));
    }
    const reference = await fromPipelines(position._id);
    assert.deepEqual(
      pages,
      reference.map((r) => [r.candidate, r.rank]),
    );
  });

  it('when the page is not a whole number from 1, then the answer is 400 and says so', async () => {
    for (const page of ['0', '-1', 'two', '1.5']) {
      const res = await owner.agent.get(`/api/positions/${f.position._id}/ranking?page=${page}`);
      assert.equal(res.status, 400, page);
      assert.match(res.body.error ?? res.text, /whole number from 1/);
    }
  });
});
