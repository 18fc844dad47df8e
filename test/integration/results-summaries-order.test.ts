/**
 * The stored ranking order of the summaries (results-order.ts) and the scale's top kept from the
 * changed interviews only (scale.ts), against the reference pipelines: ties, candidates without a
 * complete interview, a total that moves a candidate, a new scale, and the position-wide counts.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { loginAs, makeUser, useTestApp } from '../helpers/app.js';
import { makeCandidate, makeCompetency, makeInterview, makePosition } from '../helpers/results-factories.js';
import { fromPipelines, fromSummaries } from '../helpers/results-reference.js';
import { GuideVersion } from '../../src/features/guides/guide-version.model.js';
import { CandidateResult, ResultsOrder } from '../../src/features/results/candidate-result.model.js';
import { dashboard } from '../../src/features/results/results.service.js';
import type { UserDoc } from '../../src/features/users/user.model.js';

describe('results summaries: ranking order and scale', function () {
  this.timeout(60_000);
  const t = useTestApp();
  let owner: Awaited<ReturnType<typeof loginAs>>;
  let panel: UserDoc[];
  let k: { _id: Types.ObjectId };
  let position: { _id: Types.ObjectId };
  let guide: Types.ObjectId;
  const candidates: Record<string, Types.ObjectId> = {};
  let day = 0;

  const json = async (page = 1) => {
    const res = await owner.agent.get(`/api/positions/${position._id}/ranking?page=${page}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { total: number; ranked: number; candidates: { name: string; rank: number | null }[] };
  };
  const interview = (
    candidate: Types.ObjectId,
    consensus: number,
    options: { guide?: Types.ObjectId } = {},
  ) =>
    makeInterview({
      position: position._id,
      guide: options.guide ?? guide,
      candidate,
      competencies: [k._id],
      panel,
      ratings: [[consensus], [consensus === 1 ? 4 : 1]],
      status: 'complete',
      consensus: [consensus],
      scheduledAt: new Date(Date.UTC(2026, 3, 1 + day++, 9)),
    });

  before(async () => {
    owner = await loginAs(t.app, ['manager']);
    panel = [await makeUser({ roles: ['panelist'] }), await makeUser({ roles: ['panelist'] })];
    k = await makeCompetency('Order competency');
    ({ position, guide } = await makePosition(owner.user, [{ id: k._id, weight: 2 }]));
    for (const name of ['Ada', 'Bea', 'Cy', 'Dot', 'Eve'])
      candidates[name] = (await makeCandidate(position._id, name, owner.user))._id;
    await interview(candidates.Bea, 4);
    await interview(candidates.Ada, 4);
    await interview(candidates.Cy, 3);
    // Dot: an interview not yet complete; Eve: none.
    await makeInterview({
      position: position._id,
      guide,
      candidate: candidates.Dot,
      competencies: [k._id],
      panel,
      ratings: [[2], [2]],
      status: 'in-progress',
      scheduledAt: new Date(Date.UTC(2026, 3, 20, 9)),
    });
  });

  it('when totals tie and some candidates have no complete interview, then ties share a rank and the others come last unranked', async () => {
    const body = await json();
    assert.deepEqual(
      body.candidates.map((c) => [c.name, c.rank]),
      [
        ['Ada', 1],
        ['Bea', 1],
        ['Cy', 3],
        ['Dot', null],
        ['Eve', null],
      ],
    );
    assert.equal(body.total, 5);
    assert.equal(body.ranked, 3);
    assert.deepEqual(await fromSummaries(position._id), await fromPipelines(position._id));
  });

  it('when one candidate’s total changes, then the order moves and only that candidate’s summary is rewritten', async () => {
    await json();
    const before = new Map(
      (await CandidateResult.find({ position: position._id }, { candidate: 1, updatedAt: 1 }).lean()).map(
        (r) => [String(r.candidate), r.updatedAt.getTime()],
      ),
    );
    await interview(candidates.Eve, 5);
    const body = await json();
    assert.deepEqual(
      body.candidates.map((c) => [c.name, c.rank]),
      [
        ['Eve', 1],
        ['Ada', 2],
        ['Bea', 2],
        ['Cy', 4],
        ['Dot', null],
      ],
    );
    const after = await CandidateResult.find(
      { position: position._id },
      { candidate: 1, updatedAt: 1 },
    ).lean();
    const rewritten = after.filter((r) => before.get(String(r.candidate)) !== r.updatedAt.getTime());
    assert.deepEqual(
      rewritten.map((r) => String(r.candidate)),
      [String(candidates.Eve)],
    );
    assert.deepEqual(await fromSummaries(position._id), await fromPipelines(position._id));
  });

  it('when a complete interview uses a scale with a higher top, then every percent follows it', async () => {
    const wider = new Types.ObjectId();
    await GuideVersion.create({
      guide: wider,
      position: position._id,
      version: 1,
      publishedAt: new Date('2026-04-01T09:00:00Z'),
      snapshot: {
        ratingScale: {
          name: 'Seven',
          points: [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, label: `Level ${value}` })),
        },
        sections: [],
      },
    });
    await interview(candidates.Cy, 7, { guide: wider });
    await json();
    const summaries = await fromSummaries(position._id);
    assert.deepEqual(summaries, await fromPipelines(position._id));
    const ada = summaries.find((s) => s.name === 'Ada')!;
    assert.equal(ada.percent, Math.round((4 / 7) * 1000) / 10, 'Ada’s 4 is now a percent of 7');
  });

  it('when the dashboard is opened, then its position-wide counts are those of every candidate, not of the page', async () => {
    const page = await dashboard(String(position._id), owner.user, 1);
    const reference = await fromPipelines(position._id);
    assert.equal(page.candidateCount, reference.length);
    assert.equal(page.rankedCount, reference.filter((r) => r.rank !== null).length);
    assert.equal(
      page.disagreements,
      reference.reduce((n, r) => n + r.cells.filter((c) => c.disagreement).length, 0),
    );
    assert.ok(page.disagreements > 0, 'the fixture has panels that disagree');
  });

  it('when the stored order is lost, then the next change rebuilds it from the summaries', async () => {
    await json();
    await ResultsOrder.deleteOne({ position: position._id });
    await interview(candidates.Dot, 2);
    const body = await json();
    assert.equal(body.total, 5);
    assert.deepEqual(
      body.candidates.map((c) => c.name),
      (await fromPipelines(position._id)).map((r) => r.name),
    );
  });
});
