import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { makeUser, useTestApp } from '../helpers/app.js';
import {
  agentFor,
  rateAndSubmit,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  tokenOf,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

async function postJson(agent: supertest.Agent, url: string, body: object) {
  return agent
    .post(url)
    .set('Accept', 'application/json')
    .set('X-CSRF-Token', await tokenOf(agent))
    .send(body);
}

describe('candidate profile: interviews, consensus, recommendation, weighted total, references and the stage after an interview', function () {
  this.timeout(90_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;
  let profileUrl: string;
  before(async () => {
    s = await scheduleScoredInterview(t.app, {
      panelists: 2,
      competencies: 2,
      candidate: 'Profile Candidate',
    });
    profileUrl = `/positions/${s.positionId}/candidates/${s.candidateId}`;
  });

  it('when the panel is still scoring, then the profile shows the interview and its progress but no rating', async () => {
    await rateAndSubmit(s, [s.panel[0]], 4);
    const res = await s.manager.agent.get(profileUrl);
    assert.equal(res.status, 200);
    assert.match(res.text, /1 of 2 panelists submitted/);
    assert.match(res.text, /Ratings stay hidden until every panelist has submitted/);
    assert.match(res.text, /No weighted total yet/);
    assert.ok(!/Recommendation:/.test(res.text));
  });

  it('when the panel completes the interview, then the candidate moves from Interview to Interviewed and the profile gathers consensus, recommendation and the weighted total', async () => {
    assert.equal((await Candidate.findById(s.candidateId).lean())!.stage, 'interview');
    await rateAndSubmit(s, [s.panel[1]], 4);
    const chair = s.panel[0].agent;
    const board = `/interviews/${s.interviewId}/board`;
    for (const [i, sec] of s.sections.entries()) {
      const res = await postJson(chair, `${board}/consensus/${sec.id}`, {
        value: 3 + i,
        rationale: 'Agreed.',
      });
      assert.equal(res.status, 200, res.text);
    }
    const rec = await postJson(chair, `${board}/recommendation`, {
      value: 'recommended',
      rationale: 'Strong.',
    });
    assert.equal(rec.status, 200, rec.text);
    const rev = (await Interview.findById(s.interviewId).lean())!.consensusRev;
    for (const seat of s.panel) {
      const res = await postJson(seat.agent, `${board}/sign-off`, { consensusRev: rev });
      assert.equal(res.status, 200, res.text);
    }
    const candidate = (await Candidate.findById(s.candidateId).lean())!;
    assert.equal(candidate.stage, 'interviewed');
    const last = candidate.stageHistory[candidate.stageHistory.length - 1];
    assert.equal(last.from, 'interview');
    assert.equal(last.to, 'interviewed');
    assert.match(last.note ?? '', /complete: signed off by the panel/);

    const res = await s.manager.agent.get(profileUrl);
    assert.equal(res.status, 200);
    assert.match(res.text, /Complete<\/h3>/);
    assert.match(res.text, /Recommendation: <strong>Recommended<\/strong>/);
    assert.match(res.text, /Weighted total 3\.5<\/strong> of 5 \(70%\), ranked <strong>1<\/strong> of 1/);
    for (const [i, sec] of s.sections.entries())
      assert.ok(res.text.includes(`${sec.competencyName}: ${3 + i} (`), `consensus of ${sec.competencyName}`);
    assert.match(res.text, /No reference added yet/);
    assert.match(res.text, /<td>Interviewed<\/td>/);
  });

  it('when a panelist or a manager of another position opens the profile, then it is refused', async () => {
    const panelist = await s.panel[0].agent.get(profileUrl);
    assert.equal(panelist.status, 403);
    const other = await agentFor(t.app, await makeUser({ roles: ['manager'] }));
    const res = await other.get(profileUrl);
    assert.ok([403, 404].includes(res.status), `answered ${res.status}`);
    assert.ok(!res.text.includes('Weighted total'));
  });
});
