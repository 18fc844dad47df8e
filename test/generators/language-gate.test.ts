import assert from 'node:assert/strict';
import {
  applyQualityGate,
  generate,
  levelOptions,
  lint,
  qualityProblems,
  type CompetencyLike,
  type GeneratedItem,
} from '../../src/features/generators/index.js';

describe('quality gate: the lint rules that read a whole sentence', () => {
  const bad: [string, string][] = [
    // The broken examples of issue 14, as users saw them.
    [
      'What exactly did you do to do not interrupt visitors; listen and summarise their request?',
      'to-finite',
    ],
    ['How well did Jordan Rivera be trusted by other departments with sensitive cases?', 'did-be'],
    [
      'Give me an example of a time you prioritied/objectived may be unclear and/or direction uncertain.',
      'slash',
    ],
    [
      'No relevant example, or one in which the candidate did not be easy for the customer to contact.',
      'did-be',
    ],
    [
      'Preference for candidates who resolve disputes early, document decisions, and be relied on by supervisors.',
      'person',
    ],
    // Agreement anywhere in the sentence.
    ['Tell me about a time you did not interrupt visitors; listens and summarises their request.', 'person'],
    ['Describe the steps you took when you also follows the checklist.', 'person'],
    ['Explain how they always checks the figures.', 'person'],
    ['In that case the candidate were late with the report.', 'person'],
    ['Preference for candidates who anticipates questions.', 'person'],
    ['Did you follows the procedure?', 'person'],
    ['Tell me about a time you resolved the dispute and was praised by the customer.', 'person'],
    ['Tell me about a time you handled difficult calls: listens and offers options.', 'person'],
    ['How would you listen to the caller and is patient?', 'person'],
    ['Why did the candidate not be on time?', 'did-be'],
    ['The candidate was asked to is the lead.', 'to-finite'],
    // own / self / slashes / spacing / doubles / placeholders.
    ['Tell me about a time when you managed own workload.', 'bare-own'],
    ['The candidate took responsibility for own learning.', 'bare-own'],
    ['The candidate manages self well under pressure.', 'bare-self'],
    ['Describe how you keep his/her supervisor informed.', 'slash'],
    ['Tell me about a time you  helped a customer.', 'spacing'],
    ['Tell me about a time you helped helped a customer.', 'doubled-word'],
    ['Describe a time when you {verb} the customer.', 'placeholder'],
    ['Describe a time when you undefined the customer.', 'placeholder'],
  ];
  for (const [text, rule] of bad) {
    it(`when the text is "${text}", then the ${rule} rule reports it`, () => {
      assert.ok(
        lint(text).some((p) => p.rule === rule),
        `expected ${rule} in ${JSON.stringify(lint(text))}`,
      );
    });
  }

  const good = [
    'How would you listen to the caller and be patient?',
    'Did the candidate have to escalate the case?',
    'Does the candidate need close supervision?',
    'What did you do when the customer was upset and the manager was away?',
    'They were asked for by name by repeat customers.',
    'Preference for candidates who anticipate questions and are asked for by name.',
    'Tell me about a time you owned up to a mistake.',
    'On their own initiative, they reorganised the files.',
    'Describe how you own the outcome of your work.',
    'Jordan works well on their own.',
    'The candidate described the situation, the action and the result.',
    'You are a permit clerk; the counter is busy and two contractors are waiting.',
    'Strong: as acceptable, plus takes ownership of the mixed message.',
    'Weak: issues the permit anyway to keep the contractor happy, or refuses flatly and moves on.',
    'Experience resolving customer requests that fall outside standard procedures.',
    'What was the situation, and what made it challenging?',
    'Shows self-control and self-awareness under pressure.',
    'Discloses information contrary to self interest.',
    'How long did you work with Jordan Lee, and in what role?',
    'Would you be willing to hire them again?',
    'Did they need close supervision, or did they work independently?',
    'A colleague tells you that the process is optional.',
    'Tell me about a time you had to be patient with a difficult customer.',
    'Did you have to be firm with the contractor?',
    'What did the customer say, and how did you respond?',
    'Tell us about the needs you identified and the steps you took.',
    'Rate the candidate compared with others you have supervised.',
    'What procedures do you follow when a request falls outside policy?',
    'Describe what you did; explain why it worked.',
    'The candidate resolved disputes early, documented decisions, and was relied on by supervisors.',
    'Tell me about a time when you were trusted with a sensitive case and kept it confidential.',
    'The candidate did not consistently and accurately record customer details.',
    'How did the candidate handle requests and complaints?',
    'What would you do if the customer insists on an exception, and why?',
    'They explain the rules, and the customer understands what happens next.',
    'Candidates who are able to operate the permit database with minimal supervision.',
    'Did Jordan Lee keep their supervisor informed of delays?',
    'A contractor says one of your colleagues told them last week that the site plan was optional.',
    'Works independently, with N/A entered where a field does not apply.',
    'You followed the checklist and the inspection passed.',
  ];
  it('when professional text is checked, then the gate reports nothing (no false positives)', () => {
    const flagged = good.map((t) => ({ t, p: lint(t) })).filter((x) => x.p.length);
    assert.deepEqual(flagged, []);
  });
});

describe('quality gate: items', () => {
  const item = (description: string): GeneratedItem => ({
    kind: 'behavioral',
    level: 1,
    text: 'Tell me about a time you resolved a dispute between two customers.',
    probes: {
      situation: ['When was this?'],
      action: ['What did you do?'],
      result: ['What was the outcome?'],
    },
    ratingGuide: [{ value: 1, label: 'Low', description }],
    source: 'indicator 1',
  });

  it('when any text of an item fails, then qualityProblems names the problem and the text', () => {
    const broken = 'No relevant example, or one in which the candidate did not be easy to contact.';
    const problems = qualityProblems(item(broken));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].rule, 'did-be');
    assert.equal(problems[0].text, broken);
    assert.deepEqual(qualityProblems(item('The candidate resolved the dispute and kept both informed.')), []);
  });

  it('when items pass through the gate, then a failing one is dropped and quoted slashes are tidied', () => {
    const good = item('Satisfactory performance: Resolves billing/payment disputes fairly.');
    const bad = item('The candidate did not be available.');
    const out = applyQualityGate([good, bad]);
    assert.equal(out.length, 1);
    assert.equal(
      out[0].ratingGuide![0].description,
      'Satisfactory performance: Resolves billing or payment disputes fairly.',
    );
  });

  it('when a competency is worded awkwardly, then every generated item passes the gate and qualification statements agree in number', () => {
    const competency: CompetencyLike = {
      key: 'awkward-service',
      name: 'Service to the Public',
      definition: 'Serves residents courteously and accurately.',
      behavioralIndicators: [
        'Is easy for the customer to contact; responds to voicemail the same day.',
        'Does not interrupt visitors; listens and summarises their request.',
        'Prioritizes when priorities/objectives may be unclear and/or direction uncertain.',
        'Takes ownership of his or her own work.',
        'Is trusted by other departments with sensitive cases.',
      ],
      performanceLevels: [
        {
          label: 'Satisfactory',
          description: 'Resolves disputes early, documents decisions, and is relied on by supervisors.',
        },
        { label: 'Superior', description: 'Anticipates questions and is asked for by name.' },
      ],
    };
    // The top level: no next level to ask for, so the desired statement comes from superior performance.
    const top = levelOptions(competency, null).at(-1)!.value;
    const items = generate({ competency, level: top, context: { candidateName: 'Jordan Rivera' } });
    assert.ok(items.length >= 5, `only ${items.length} items`);
    for (const i of items) assert.deepEqual(qualityProblems(i), [], i.text);
    const desired = items.find((i) => i.kind === 'qualification' && i.variant === 'desired');
    assert.equal(
      desired?.text,
      'Preference for candidates who anticipate questions and are asked for by name.',
    );
  });
});
