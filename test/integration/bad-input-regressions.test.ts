/**
 * The cases the property and security suites found, pinned: each failed before its fix.
 */
import assert from 'node:assert/strict';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Position } from '../../src/features/positions/position.model.js';
import { Rating } from '../../src/features/scoring/rating.model.js';
import { csrfToken, ensureSomeUser, loginAs, postForm, useTestApp } from '../helpers/app.js';
import { addCandidate } from '../helpers/candidate-factories.js';
import { postNestedForm } from '../helpers/competency-factories.js';
import { createPosition, csrRows } from '../helpers/position-factories.js';
import {
  saveRating,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  submitJson,
} from '../helpers/scoring-factories.js';

describe('bad input: regressions found by the property and security suites', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  before(ensureSomeUser);

  it('when a JSON array is posted to a form (the stage form), then 422 names the missing field instead of an empty page', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    await addCandidate(agent, id, { name: 'Array Body' });
    const candidate = (await Candidate.findOne({ position: id }).lean())!;
    const res = await agent
      .post(`/positions/${id}/candidates/${String(candidate._id)}/stage`)
      .set('X-CSRF-Token', await csrfToken(agent, '/'))
      .set('Content-Type', 'application/json')
      .send('[[]]');
    assert.equal(res.status, 422);
    assert.match(res.text, /Choose a stage from the list/);
    assert.equal((await Candidate.findById(candidate._id).lean())!.stage, candidate.stage);
  });

  it('when a position is saved with a blank competency row and an invalid one, then 422 and no 500', async () => {
    const { agent } = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(agent);
    const rows = await csrRows(3);
    const before = await Position.findById(id).lean();
    const res = await postNestedForm(agent, `/positions/${id}`, {
      title: 'Changed',
      competencies: [
        rows[0],
        { competency: '_', requiredLevel: '2' },
        { competency: '', weightReason: '' },
        rows[2],
      ],
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /Choose a competency from the list/);
    assert.equal((await Position.findById(id).lean())!.title, before!.title);
  });

  it('when a submit is refused for missing ratings, then no rating changes, its "saved at" included', async () => {
    const s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 4 });
    const seat = s.panel[0];
    await saveRating(seat.agent, s.interviewId, s.sections[0].id, { value: 3, note: 'Evidence.' });
    const mine = { interview: s.interviewId, panelist: seat.user._id };
    const before = await Rating.find(mine).sort({ _id: 1 }).lean();
    await new Promise((r) => setTimeout(r, 20));
    const res = await submitJson(seat.agent, s.interviewId);
    assert.equal(res.status, 422);
    assert.deepEqual(await Rating.find(mine).sort({ _id: 1 }).lean(), before);
  });

  it('when a manager without access posts a malformed unshare, then 403 (not a validation error that confirms the position)', async () => {
    const owner = await loginAs(t.app, ['manager']);
    const { id } = await createPosition(owner.agent);
    const other = await loginAs(t.app, ['manager']);
    const res = await postForm(other.agent, `/positions/${id}/unshare`, {});
    assert.equal(res.status, 403);
  });
});
