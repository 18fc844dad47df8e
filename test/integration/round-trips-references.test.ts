/**
 * Round trips of the candidate's page and the candidate's references page (issue 18): each sends
 * a bounded number of database commands, and the same number for a candidate with one reference
 * and one interview as for one with several of each, submitted answers, a complete interview and a
 * nomination request (see round-trips.test.ts for the other pages).
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { makeUser, postForm, useTestApp } from '../helpers/app.js';
import { commandsDuring } from '../helpers/command-counter.js';
import { inDays, panelOf, schedule } from '../helpers/interview-factories.js';
import {
  addReference,
  referenceAction,
  referencesUrl,
  reviewTemplate,
} from '../helpers/reference-factories.js';
import {
  rateAndSubmit,
  scheduleScoredInterview,
  SCORING_RATE_LIMITS,
  type ScoredInterview,
} from '../helpers/scoring-factories.js';

// Measured bounds, held so they only go down. The references page went 28 -> 13 -> 8 -> 4 -> 3:
// the session with its user (one aggregate: src/features/auth/session-store.ts), one aggregate from
// the position (candidate, references with their signals and ratings, nominations, template,
// interviews) and the competencies' names. The candidate's page adds the results' standing (4
// commands of its own, the names shared): 18 -> 13 -> 8 -> 7.
const REFERENCES_BUDGET = 3;
const REFERENCES_JSON_BUDGET = 4; // the candidate's position first: the URL does not name it
const CANDIDATE_BUDGET = 7;

describe('round trips of the references pages', function () {
  this.timeout(120_000);
  const t = useTestApp({ rateLimits: SCORING_RATE_LIMITS });
  let s: ScoredInterview;
  const small: Record<string, number> = {};

  const pages = (): Record<string, [url: string, budget: number]> => ({
    references: [referencesUrl(s.positionId, s.candidateId), REFERENCES_BUDGET],
    'references (JSON)': [`/api/candidates/${s.candidateId}/references`, REFERENCES_JSON_BUDGET],
    candidate: [`/positions/${s.positionId}/candidates/${s.candidateId}`, CANDIDATE_BUDGET],
  });

  async function measure(url: string) {
    const get = async () => {
      const res = await s.manager.agent.get(url);
      assert.equal(res.status, 200, `${url} answered ${res.status}`);
    };
    await get();
    return commandsDuring(get);
  }

  /** Answers every question of a sent reference's questionnaire and marks it submitted. */
  async function submitted(referenceId: string, ip: string) {
    const ref = (await Reference.findById(referenceId).lean())!;
    const q = ref.questionnaire!;
    const answers = q.questions!.map((x, i) => ({
      question: x.id,
      rating: x.rated ? q.ratingOptions![i % q.ratingOptions!.length] : undefined,
      comment: 'Seen at work.',
    }));
    const now = new Date();
    await Reference.updateOne(
      { _id: referenceId },
      {
        $set: {
          status: 'submitted',
          answers,
          submittedAt: now,
          submission: { ip, userAgent: 'Test', at: now },
        },
      },
    );
  }

  before(async () => {
    s = await scheduleScoredInterview(t.app, { competencies: 5, panelists: 2, candidate: 'Round Trip' });
    await reviewTemplate(s.manager.agent, s.positionId);
    const first = await addReference(s.manager.agent, s.positionId, s.candidateId, { name: 'Ada Byron' });
    assert.equal(first.res.status, 303);
    for (const [name, [url]] of Object.entries(pages())) small[name] = (await measure(url)).count;
  });

  describe('when the candidate has several references, interviews and a nomination request', () => {
    before(async () => {
      const agent = s.manager.agent;
      const added = [];
      for (const name of ['Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov'])
        added.push(await addReference(agent, s.positionId, s.candidateId, { name }));
      for (const [i, a] of added.entries()) {
        assert.equal((await referenceAction(agent, s, a.referenceId, 'send')).status, 303);
        if (i < 2) await submitted(a.referenceId, '192.0.2.7'); // one address: a fraud signal
      }
      await rateAndSubmit(s, s.panel);
      const panel = await Promise.all(
        [1, 2].map((i) => makeUser({ roles: ['panelist'], name: `Second ${i}` })),
      );
      const res = await schedule(agent, s.positionId, {
        candidate: s.candidateId,
        panel: panelOf(panel),
        scheduledAt: inDays(9),
      });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      await Interview.create({
        position: s.positionId,
        candidate: s.candidateId,
        guide: s.guideId,
        guideVersion: s.guide.version,
        panel: panel.map((u, i) => ({ user: u._id, role: i ? 'member' : 'chair' })),
        scheduledAt: new Date(Date.now() - 86_400_000),
        location: 'Room 2',
        status: 'complete',
        createdBy: s.manager.user._id,
        consensus: s.sections.map((sec) => ({
          section: sec.id,
          competency: new Types.ObjectId(sec.competencyId),
          value: 3,
          rationale: 'Agreed after discussion.',
          by: s.manager.user._id,
          at: new Date(),
        })),
      });
      const nominate = await postForm(agent, `${referencesUrl(s.positionId, s.candidateId)}/nominate`, {
        wanted: '2',
      });
      assert.equal(nominate.status, 303);
    });

    for (const name of ['references', 'references (JSON)', 'candidate'] as const)
      it(`${name}: the same commands as for one reference and one interview, within the budget`, async () => {
        const [url, budget] = pages()[name];
        const trace = await measure(url);
        console.log(`      ${name}: ${trace.count} ${trace.commands.join(', ')}`);
        assert.ok(
          trace.count <= budget,
          `${trace.count} commands (budget ${budget}): ${trace.commands.join(', ')}`,
        );
        assert.equal(trace.count, small[name], `${small[name]} commands with less data, ${trace.count} now`);
      });

    it('the pages show what the records hold (the data the commands were counted on is there)', async () => {
      const json = (await s.manager.agent.get(`/api/candidates/${s.candidateId}/references`).expect(200))
        .body;
      assert.equal(json.references.length, 4);
      assert.equal(json.submitted, 2);
      assert.equal(json.nominations.length, 1);
      assert.ok(
        json.references.some((r: { signals: { kind: string }[] }) =>
          r.signals.some((x) => x.kind === 'shared-ip'),
        ),
      );
      assert.equal(json.competencies.length, 5);
      assert.ok(json.competencies.every((c: { consensus: { count: number } }) => c.consensus.count === 1));
      const page = await s.manager.agent
        .get(`/positions/${s.positionId}/candidates/${s.candidateId}`)
        .expect(200);
      const phases = [...page.text.matchAll(/<h3 id="iv-[0-9a-f]{24}">.*?: ([^<]+)<\/h3>/g)].map((m) =>
        m[1].trim(),
      );
      assert.deepEqual(phases, ['Complete', 'At consensus', 'Scheduled'], 'the interviews by scheduled time');
    });
  });
});
