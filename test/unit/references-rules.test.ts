import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { FREE_MAIL_DOMAINS, isFreeMailDomain } from '../../src/features/references/fraud-signals.js';
import { reminderMail, requestMail, resendMail } from '../../src/features/references/reference-mail.js';
import { dueReminder } from '../../src/features/references/reference-reminders.js';
import { referenceForm } from '../../src/features/references/references.schemas.js';
import { freezeQuestionnaire, personalize } from '../../src/features/references/template-generate.js';

const DAY = 86_400_000;

describe('references: rules without a database', () => {
  it('when a domain is a free-mail provider’s (any top-level domain for yahoo.*, hotmail.*, gmx.*, yandex.*), then it is recognised; company domains and look-alikes are not', () => {
    for (const d of [
      'gmail.com',
      'GMAIL.COM',
      'yahoo.com',
      'yahoo.co.uk',
      'outlook.com',
      'hotmail.fr',
      'live.com',
      'aol.com',
      'icloud.com',
      'proton.me',
      'protonmail.com',
      'gmx.de',
      'gmx.net',
      'mail.com',
      'yandex.ru',
      'zoho.com',
    ])
      assert.ok(isFreeMailDomain(d), d);
    for (const d of [
      'example.org',
      'gmail.com.evil.org',
      'mygmail.com',
      'city.gov',
      'outlook.company.com',
      'yahoo',
      'mail.company.com',
    ])
      assert.ok(!isFreeMailDomain(d), d);
    assert.ok(FREE_MAIL_DOMAINS.length >= 15);
  });

  it('when “the candidate” is personalized, then every form of it takes the name, and other words stay', () => {
    assert.equal(
      personalize(
        'How do you know the candidate? The candidate’s role? The Candidate said so.',
        'Ada Lovelace',
      ),
      'How do you know Ada Lovelace? Ada Lovelace’s role? Ada Lovelace said so.',
    );
    assert.equal(
      personalize('Compared with other candidates in the candidates pool', 'Ada'),
      'Compared with other candidates in the candidates pool',
    );
    assert.equal(personalize('About the candidate.', '  '), 'About the candidate.');
  });

  it('when a template is frozen, then the questions keep their order and parts, competency questions are rated with their competency, and the name is filled in', () => {
    const c1 = new Types.ObjectId();
    const frozen = freezeQuestionnaire(
      {
        ratingOptions: ['A', 'B'],
        opening: [{ id: 'o', text: 'Who is the candidate to you?' }],
        competencies: [
          { competency: c1, name: 'Teamwork', items: [{ id: 'c', text: 'How did the candidate share?' }] },
        ],
        closing: [{ id: 'x', text: 'Anything else?' }],
      },
      'Grace',
    );
    assert.deepEqual(frozen.ratingOptions, ['A', 'B']);
    assert.deepEqual(
      frozen.questions.map((q) => [q.id, q.part, q.rated, q.competencyName ?? null, q.text]),
      [
        ['o', 'opening', false, null, 'Who is Grace to you?'],
        ['c', 'competency', true, 'Teamwork', 'How did Grace share?'],
        ['x', 'closing', false, null, 'Anything else?'],
      ],
    );
    assert.equal(String(frozen.questions[1].competency), String(c1));
  });

  it('when days pass after sending, then the latest reminder due is the one chosen', () => {
    const sent = new Date('2025-03-01T09:00:00Z');
    const at = (d: number) => new Date(sent.getTime() + d * DAY);
    assert.equal(dueReminder(sent, [3, 7], at(2.99)), -1);
    assert.equal(dueReminder(sent, [3, 7], at(3)), 0);
    assert.equal(dueReminder(sent, [3, 7], at(6.9)), 0);
    assert.equal(dueReminder(sent, [3, 7], at(7)), 1);
    assert.equal(dueReminder(sent, [3, 7], at(30)), 1);
    assert.equal(dueReminder(sent, [], at(30)), -1);
  });

  it('when the mails are written, then the request carries the link and its expiry, and a reminder without a link points to the earlier email', () => {
    const expiresAt = new Date('2025-03-15T09:00:00Z');
    const req = requestMail({
      to: 'r@example.org',
      name: 'Rae',
      candidate: 'Grace',
      position: 'Analyst',
      relationship: 'direct-report',
      link: 'http://x/r/abc',
      expiresAt,
      sender: 'Manager Mo',
      org: 'City of Harbour',
      source: 'manager',
    });
    assert.equal(req.subject, 'Reference request: Grace for Analyst');
    assert.ok(req.text.includes('http://x/r/abc'));
    assert.ok(req.text.includes('2025-03-15'));
    assert.ok(req.text.includes('(direct report)'));
    const without = reminderMail({
      to: 'r@example.org',
      name: 'Rae',
      candidate: 'Grace',
      position: 'Analyst',
      org: 'City of Harbour',
      sentAt: new Date('2025-03-01T09:00:00Z'),
      expiresAt,
    });
    assert.ok(without.text.includes('Please use the link in that email'));
    assert.ok(without.text.includes('2025-03-01'));
    assert.ok(without.text.includes('the hiring team at City of Harbour'));
  });

  const facts = (source: 'manager' | 'candidate') => ({
    to: 'r@example.org',
    name: 'Rae',
    candidate: 'Grace Hopper',
    position: 'Analyst',
    relationship: 'supervisor',
    link: 'http://x/r/abc',
    expiresAt: new Date('2025-03-15T09:00:00Z'),
    sender: 'Manager Mo',
    org: 'City of Harbour',
    source,
  });

  it('when the hiring team added the referee, then the request says the hiring team at the organisation asks, never that the candidate named them', () => {
    for (const mail of [requestMail(facts('manager')), resendMail(facts('manager'))]) {
      assert.ok(
        mail.text.includes(
          'The hiring team at City of Harbour for the Analyst role has asked you for a reference about Grace Hopper',
        ),
        mail.text,
      );
      assert.ok(mail.text.includes('The hiring team added you as a reference (supervisor).'));
      assert.ok(!/named you/.test(mail.text), 'does not claim the candidate named them');
      assert.ok(mail.text.includes('Sent by Manager Mo for the hiring team at City of Harbour.'));
    }
  });

  it('when the candidate nominated the referee, then the request says the candidate named them, with the organisation', () => {
    for (const mail of [requestMail(facts('candidate')), resendMail(facts('candidate'))]) {
      assert.ok(
        mail.text.includes(
          'Grace Hopper, a candidate for the Analyst role at City of Harbour, named you as a reference (supervisor).',
        ),
        mail.text,
      );
      assert.ok(!mail.text.includes('The hiring team added you'));
    }
  });

  it('when a reference form is parsed, then text is trimmed, the email lower-cased, blank optional fields dropped', () => {
    const parsed = referenceForm.parse({
      name: '  Rae Doe ',
      email: ' Rae@Example.ORG ',
      phone: '  ',
      relationship: 'client',
      organization: '',
    });
    assert.deepEqual(parsed, {
      name: 'Rae Doe',
      email: 'rae@example.org',
      phone: undefined,
      relationship: 'client',
      organization: undefined,
    });
  });
});
