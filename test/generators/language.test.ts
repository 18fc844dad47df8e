import assert from 'node:assert/strict';
import { clause } from '../../src/features/generators/clause.js';
import { lint } from '../../src/features/generators/lint.js';

describe('generator language: inflecting only the leading verbs', () => {
  const cases: [string, 'base' | 'past' | 'gerund', 'first' | 'second' | 'third', string][] = [
    [
      'Follows through on customer inquiries, requests, complaints.',
      'past',
      'second',
      'followed through on customer inquiries, requests, complaints',
    ],
    [
      'Quickly and accurately performs arithmetic computations.',
      'base',
      'second',
      'quickly and accurately perform arithmetic computations',
    ],
    [
      'Carefully listens to (or reads) customer statement of the issue.',
      'past',
      'second',
      'carefully listened to (or read) customer statement of the issue',
    ],
    [
      'Makes self fully available, especially when customer is going through a critical period.',
      'base',
      'second',
      'make yourself fully available, especially when customer is going through a critical period',
    ],
    [
      'Makes self fully available, especially when customer is going through a critical period.',
      'base',
      'third',
      'make themselves fully available, especially when customer is going through a critical period',
    ],
    [
      'Cross-checks work against available resources.',
      'past',
      'second',
      'cross-checked work against available resources',
    ],
    [
      'Protects/promotes group reputation with outsiders.',
      'past',
      'second',
      'protected or promoted group reputation with outsiders',
    ],
    [
      'Participates willingly, is a “good team player”, does his/her share of the work.',
      'past',
      'second',
      'participated willingly, were a “good team player”, did your share of the work',
    ],
    [
      'Sought out as a source of information by others.',
      'past',
      'second',
      'were sought out as a source of information by others',
    ],
    [
      'May trade off immediate costs for the sake of the long-term relationship.',
      'past',
      'second',
      'traded off immediate costs for the sake of the long-term relationship',
    ],
    [
      'Correctly infers appropriate response based on information provided.',
      'past',
      'second',
      'correctly inferred appropriate response based on information provided',
    ],
    [
      'Asks questions or otherwise obtains additional relevant information to make a decision.',
      'base',
      'second',
      'ask questions or otherwise obtain additional relevant information to make a decision',
    ],
    [
      'Maintains clear communication with customers regarding mutual expectations; monitors satisfaction.',
      'past',
      'second',
      'maintained clear communication with customers regarding mutual expectations; monitored satisfaction',
    ],
    [
      'Makes specific changes in the system or in own work methods to improve performance.',
      'past',
      'second',
      'made specific changes in the system or in your own work methods to improve performance',
    ],
    [
      'Is easy for the customer to contact in person or over the phone; responds promptly to requests and issues.',
      'past',
      'second',
      'were easy for the customer to contact in person or over the phone; responded promptly to requests and issues',
    ],
    [
      'Use algebra (substitute numbers for letters in a formula), geometry (angles, distances, area).',
      'past',
      'second',
      'used algebra (substitute numbers for letters in a formula), geometry (angles, distances, area)',
    ],
    [
      'As a member of the team, keeps other team members informed.',
      'past',
      'second',
      'kept other team members informed as a member of the team',
    ],
    ['Follows up on requests.', 'gerund', 'second', 'following up on requests'],
  ];
  for (const [input, tense, person, expected] of cases) {
    it(`when "${input.slice(0, 48)}…" is put in the ${person} person ${tense}, then only its verbs change`, () => {
      assert.equal(clause(input, tense, person), expected);
    });
  }

  it('when a parenthesis is left open by the source, then the clause closes it', () => {
    assert.equal(
      clause('Uses all software (for example, spreadsheets.', 'base', 'second'),
      'use all software (for example, spreadsheets)',
    );
  });
});

describe('generator language: the lint rules', () => {
  const bad: [string, string][] = [
    ['Tell me about about a time you helped a customer.', 'doubled-word'],
    ['tell me about a time you helped a customer.', 'capital'],
    ['What did you do next.', 'question-mark'],
    ['Tell me about a time you helped a customer?', 'question-mark'],
    ['Describe a time when you {verb} the customer.', 'placeholder'],
    ['Examples of interview questions: Under Development.', 'placeholder'],
    ['Tell me about a time when you follows through on requests.', 'person'],
    ['Describe how you make self available to customers.', 'bare-self'],
    ['Tell me about a time you used software (for example, spreadsheets.', 'brackets'],
    ['Tell me about a time you helped a customer .', 'spacing'],
    ['What was the outcome?? Why', 'punctuation'],
    ['The answer shows the skill. it is weak.', 'capital'],
    ['Tell me about a time when you helped a customer', 'end'],
    ['Give me an example of “going the extra mile.', 'quotes'],
    ['Describe how you produced “completed staff work.”.', 'punctuation'],
  ];
  for (const [text, rule] of bad) {
    it(`when the text is "${text}", then the ${rule} rule reports it`, () => {
      assert.ok(
        lint(text).some((p) => p.rule === rule),
        `expected ${rule} in ${JSON.stringify(lint(text))}`,
      );
    });
  }

  it('when the text reads as a person wrote it, then lint reports nothing', () => {
    for (const ok of [
      'Tell me about a time when you followed through on customer inquiries, requests, complaints.',
      'Compared with others in a similar role, how well did Jordan Lee make themselves fully available? Can you give an example?',
      'Describe a specific situation in which you had to accurately interpret results. How did you handle it?',
      'Satisfactory performance: Is forthcoming with full information when questioned. Does not perform work manually.',
      'When alternatives exist, selects the best way to perform work on the computer.',
      'I would make myself fully available and keep everyone informed.',
    ]) {
      assert.deepEqual(lint(ok), [], ok);
    }
  });
});
