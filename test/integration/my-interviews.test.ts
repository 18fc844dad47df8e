import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { makeUser, useTestApp } from '../helpers/app.js';
import {
  agentFor,
  rateAndSubmit,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

/** The heading of the group whose table lists the candidate on the My interviews page, or null. */
function groupOfCandidate(html: string, candidate: string): string | null {
  const sections = html.split('<section aria-labelledby="group-').slice(1);
  const hit = sections.find((s) => s.includes(`>${candidate}<`));
  return hit ? hit.slice(0, hit.indexOf('"')) : null;
}

describe('my interviews: a panelist reaches every interview they sit on, grouped by what it needs from them', () => {
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;
  let candidate: string;
  before(async function () {
    this.timeout(60_000);
    candidate = `My-interviews candidate ${process.pid}`;
    s = await scheduleScoredInterview(t.app, { panelists: 2, competencies: 2, candidate });
  });

  const page = async (i: number) => {
    const res = await s.panel[i].agent.get('/my-interviews');
    assert.equal(res.status, 200);
    return res.text;
  };

  it('when the interview is still ahead, then it is listed under Upcoming, and the navigation links to the page', async () => {
    const html = await page(0);
    assert.equal(groupOfCandidate(html, candidate), 'upcoming');
    assert.match(html, /<a href="\/my-interviews"[^>]*>My interviews<\/a>/);
  });

  it('when its start time has passed with nothing saved, then it is To score with a link to the scoring page that opens', async () => {
    await Interview.updateOne(
      { _id: s.interviewId },
      { $set: { scheduledAt: new Date(Date.now() - 3_600_000) } },
    );
    const html = await page(1);
    assert.equal(groupOfCandidate(html, candidate), 'to-score');
    assert.ok(html.includes(`href="/interviews/${s.interviewId}/score"`));
    const scoring = await s.panel[1].agent.get(`/interviews/${s.interviewId}/score`);
    assert.equal(scoring.status, 200);
  });

  it('when its start time has passed, then the home page no longer lists it as ahead and points to My interviews instead of saying nothing is scheduled', async () => {
    const home = await s.panel[1].agent.get('/');
    assert.equal(home.status, 200);
    const upcoming = home.text.split('id="upcoming-heading"')[1]?.split('</section>')[0] ?? '';
    assert.ok(!upcoming.includes(candidate), 'not among the interviews ahead');
    assert.match(
      upcoming,
      /waiting for your ratings or your sign-off are in <a href="\/my-interviews">My interviews<\/a>/,
    );
    assert.match(upcoming, /No interview of yours is still ahead\./);
    assert.ok(!home.text.includes('No interviews are scheduled for you'), 'the old wording is gone');
  });

  it('when one panelist has submitted, then it waits for others for them and is still to score for the other', async () => {
    await rateAndSubmit(s, [s.panel[0]]);
    assert.equal(groupOfCandidate(await page(0), candidate), 'waiting');
    assert.equal(groupOfCandidate(await page(1), candidate), 'to-score');
  });

  it('when everyone has submitted, then both see it at consensus with a link to the board', async () => {
    await rateAndSubmit(s, [s.panel[1]]);
    for (const i of [0, 1]) {
      const html = await page(i);
      assert.equal(groupOfCandidate(html, candidate), 'at-consensus');
      assert.ok(html.includes(`href="/interviews/${s.interviewId}/board"`));
    }
  });

  it('when a panelist sits on no panel of it, then the page lists nothing of the interview', async () => {
    const other = await makeUser({ roles: ['panelist'] });
    const agent = await agentFor(t.app, other);
    const res = await agent.get('/my-interviews');
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes(candidate));
    assert.ok(!res.text.includes(s.interviewId));
    assert.match(res.text, /not on any interview panel yet/);
  });

  it('when nobody is signed in, then the page sends the visitor to sign in', async () => {
    const res = await supertest(t.app).get('/my-interviews');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /\/login/);
  });
});
