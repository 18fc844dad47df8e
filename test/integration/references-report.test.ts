import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Interview, type InterviewStatus } from '../../src/features/interviews/interview.model.js';
import { ReferenceTemplate } from '../../src/features/references/reference-template.model.js';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, postForm, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';
import {
  addAndSend,
  referenceReady,
  referencesUrl,
  templateUrl,
  type ReferenceSetup,
} from '../helpers/reference-factories.js';

interface Row {
  competencyId: string;
  name: string;
  references: { ratings: number; references: number; notObserved: number; mean: number | null };
  consensus: { count: number; mean: number | null };
}

/**
 * A position of three competencies whose template is set to known questions: two rated questions
 * for the first two competencies, one for the third; one opening and one closing question.
 */
async function knownTemplate(s: ReferenceSetup) {
  const tpl = (await ReferenceTemplate.findOne({ position: s.positionId }).lean())!;
  const [c1, c2, c3] = tpl.competencies;
  await ReferenceTemplate.updateOne(
    { _id: tpl._id },
    {
      $set: {
        opening: [{ id: 'open', text: 'How do you know the candidate?' }],
        competencies: [
          {
            ...c1,
            items: [
              { id: 'c1a', text: 'C1 first?' },
              { id: 'c1b', text: 'C1 second?' },
            ],
          },
          {
            ...c2,
            items: [
              { id: 'c2a', text: 'C2 first?' },
              { id: 'c2b', text: 'C2 second?' },
            ],
          },
          { ...c3, items: [{ id: 'c3a', text: 'C3 only?' }] },
        ],
        closing: [{ id: 'close', text: 'Would you hire the candidate again?' }],
      },
    },
  );
  return [c1, c2, c3].map((c) => ({ id: String(c.competency), name: c.name }));
}

const answer = (question: string, rating: string | undefined, comment: string) => ({
  question,
  rating,
  comment,
});

async function submitAnswers(referenceId: string, answers: ReturnType<typeof answer>[]) {
  const now = new Date();
  await Reference.updateOne(
    { _id: referenceId },
    {
      $set: {
        status: 'submitted',
        answers,
        submittedAt: new Date(now.getTime() + 3_600_000),
        submission: { ip: `192.0.2.${Math.floor(Math.random() * 200)}`, userAgent: 'Test', at: now },
      },
    },
  );
}

/** A complete (or other status) interview of the candidate with consensus values per competency. */
function interview(s: ReferenceSetup, status: InterviewStatus, consensus: [string, number][]) {
  return Interview.create({
    position: s.positionId,
    candidate: s.candidateId,
    guide: new Types.ObjectId(),
    guideVersion: 1,
    panel: [
      { user: new Types.ObjectId(), role: 'chair' },
      { user: new Types.ObjectId(), role: 'member' },
    ],
    scheduledAt: new Date(),
    location: 'Room 1',
    status,
    createdBy: s.user._id,
    consensus: consensus.map(([competency, value]) => ({
      section: new Types.ObjectId().toHexString(),
      competency: new Types.ObjectId(competency),
      value,
      rationale: 'Agreed after discussion.',
      by: s.user._id,
      at: new Date(),
    })),
  });
}

describe('references: the manager’s view, ratings beside interview consensus, confidentiality', () => {
  const t = useTestApp();
  let s: ReferenceSetup;
  let comps: { id: string; name: string }[];
  const ids: Record<string, string> = {};
  before(async function () {
    this.timeout(120_000);
    await ensureSomeUser();
    await csrTemplate();
    s = await referenceReady(t.app, { candidate: 'Katherine Johnson' });
    comps = await knownTemplate(s);
    ids.a = (await addAndSend(s, { name: 'Ann Rater', relationship: 'supervisor' })).referenceId;
    ids.b = (await addAndSend(s, { name: 'Ben Rater', relationship: 'peer' })).referenceId;
    ids.c = (await addAndSend(s, { name: 'Cat Decliner', relationship: 'client' })).referenceId;
    ids.d = (await addAndSend(s, { name: 'Dan Drafting', relationship: 'peer' })).referenceId;
    await submitAnswers(ids.a, [
      answer('open', undefined, 'We worked together for four years.'),
      answer('c1a', 'Above', 'Secret comment A1 about accuracy.'),
      answer('c1b', 'Well above', ''),
      answer('c2a', 'Comparable', ''),
      answer('c2b', 'Not observed', ''),
      answer('c3a', 'Below', 'Needs practice.'),
      answer('close', undefined, 'Yes, gladly.'),
    ]);
    await submitAnswers(ids.b, [
      answer('c1a', 'Comparable', ''),
      answer('c1b', 'Above', ''),
      answer('c2a', 'Not observed', ''),
      answer('c2b', 'Not observed', ''),
      answer('c3a', 'Well below', 'Secret comment B3.'),
    ]);
    await Reference.updateOne(
      { _id: ids.c },
      { $set: { status: 'declined', declinedAt: new Date(), declineReason: 'I barely know the candidate.' } },
    );
    // A draft does not count.
    await Reference.updateOne(
      { _id: ids.d },
      {
        $set: {
          status: 'in-progress',
          lastSavedAt: new Date(),
          answers: [answer('c1a', 'Well below', 'draft')],
        },
      },
    );
    await interview(s, 'complete', [
      [comps[0].id, 3],
      [comps[1].id, 2],
    ]);
    await interview(s, 'complete', [[comps[0].id, 4]]);
    await interview(s, 'in-progress', [[comps[0].id, 1]]);
  });

  const api = () =>
    s.agent.get(`/api/candidates/${s.candidateId}/references`).set('Accept', 'application/json');
  const setConfidentiality = (mode: string, minResponses: string) =>
    postForm(s.agent, `${templateUrl(s.positionId)}/confidentiality`, { mode, minResponses });

  it('when answers are shown individually, then each submitted reference’s answers and the decline reason are shown, and per competency the references’ mean (not observed left out) sits beside the complete interviews’ consensus', async () => {
    const res = await api();
    assert.equal(res.status, 200);
    const body = res.body;
    assert.equal(body.confidentiality.mode, 'individual');
    assert.equal(body.submitted, 2);
    const rows = body.competencies as Row[];
    assert.deepEqual(
      rows.map((r) => [r.competencyId, r.references, r.consensus]),
      [
        // (4 + 5 + 3 + 4) / 4; consensus (3 + 4) / 2 from the complete interviews only.
        [comps[0].id, { ratings: 4, references: 2, notObserved: 0, mean: 4 }, { count: 2, mean: 3.5 }],
        // One rating (3); three "Not observed".
        [comps[1].id, { ratings: 1, references: 1, notObserved: 3, mean: 3 }, { count: 1, mean: 2 }],
        // (2 + 1) / 2.
        [comps[2].id, { ratings: 2, references: 2, notObserved: 0, mean: 1.5 }, { count: 0, mean: null }],
      ],
    );
    const a = body.references.find((r: { id: string }) => r.id === ids.a);
    assert.deepEqual(
      a.answers.map((x: { id: string; rating?: string; comment: string }) => [
        x.id,
        x.rating ?? null,
        x.comment,
      ]),
      [
        ['open', null, 'We worked together for four years.'],
        ['c1a', 'Above', 'Secret comment A1 about accuracy.'],
        ['c1b', 'Well above', ''],
        ['c2a', 'Comparable', ''],
        ['c2b', 'Not observed', ''],
        ['c3a', 'Below', 'Needs practice.'],
        ['close', null, 'Yes, gladly.'],
      ],
    );
    assert.equal(a.answers[0].text, 'How do you know Katherine Johnson?');
    const c = body.references.find((r: { id: string }) => r.id === ids.c);
    assert.equal(c.declineReason, 'I barely know the candidate.');
    assert.equal(c.answers, undefined);
    assert.equal(body.references.find((r: { id: string }) => r.id === ids.d).answers, undefined);

    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.equal(page.status, 200);
    for (const text of [
      'Secret comment A1 about accuracy.',
      'Secret comment B3.',
      'I barely know the candidate.',
    ])
      assert.ok(page.text.includes(text), text);
    for (const figure of ['4.00', '3.50', '1.50']) assert.ok(page.text.includes(figure), figure);
    assert.ok(page.text.includes(html(comps[0].name)));
  });

  it('when only aggregates are allowed and fewer than the minimum have answered, then neither answers, decline reasons nor figures are shown', async () => {
    assert.equal((await setConfidentiality('aggregate', '3')).status, 303);
    const body = (await api()).body;
    assert.equal(body.individualVisible, false);
    assert.equal(body.aggregatesVisible, false);
    assert.equal(body.competencies, null);
    for (const r of body.references) {
      assert.equal(r.answers, undefined);
      assert.equal(r.declineReason, undefined);
    }
    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes('Figures appear once at least 3 references have answered (2 so far)'));
    for (const text of ['Secret comment', 'I barely know', 'We worked together', '4.00'])
      assert.ok(!page.text.includes(text), text);
    // Statuses and names stay visible: the manager sent the requests.
    assert.ok(page.text.includes('Ann Rater'));
  });

  it('when only aggregates are allowed and enough have answered, then the figures appear and the answers stay hidden', async () => {
    assert.equal((await setConfidentiality('aggregate', '2')).status, 303);
    const body = (await api()).body;
    assert.equal(body.aggregatesVisible, true);
    assert.equal((body.competencies as Row[])[0].references.mean, 4);
    assert.ok(body.references.every((r: { answers?: unknown }) => r.answers === undefined));
    const page = await s.agent.get(referencesUrl(s.positionId, s.candidateId));
    assert.ok(page.text.includes('4.00'));
    assert.ok(!page.text.includes('Secret comment'));
    assert.ok(!page.text.includes('I barely know'));
    assert.equal((await setConfidentiality('individual', '2')).status, 303);
  });
});
