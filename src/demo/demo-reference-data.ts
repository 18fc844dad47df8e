/**
 * The demo's references: every state a reference check passes through (not sent, sent, opened, in
 * progress with a saved draft, submitted, declined), and when each step happened.
 */
import type { DemoClock } from './demo-clock.js';
import type { DemoCandidateKey } from './demo-people.js';
import type { ANSWERS } from './demo-reference-answers.js';

export interface DemoReference {
  candidate: DemoCandidateKey;
  by: 'owner' | 'colleague';
  person: { name: string; email: string; phone?: string; relationship: string; organization?: string };
  added: Date;
  sent?: Date;
  opened?: Date;
  answers?: keyof typeof ANSWERS;
  answered?: Date;
  /** Submitted from this address and browser; otherwise the answers are only saved. */
  submit?: { ip: string; userAgent: string };
  declined?: { at: Date; reason: string };
}

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

export function REFERENCES(c: DemoClock): DemoReference[] {
  const maria = { candidate: 'maria' as const, by: 'owner' as const };
  const james = { candidate: 'james' as const, by: 'colleague' as const };
  return [
    {
      ...maria,
      person: {
        name: 'Karen Liu',
        email: 'karen.liu@riverside-utilities.example',
        phone: '+1 555 0142',
        relationship: 'supervisor',
        organization: 'Riverside Utilities',
      },
      added: c.day(-2, 9, 10),
      sent: c.day(-2, 9, 15),
      opened: c.day(-2, 13, 2),
      answers: 'karen',
      answered: c.day(-2, 13, 24),
      submit: { ip: '203.0.113.24', userAgent: BROWSER },
    },
    {
      ...maria,
      person: {
        name: 'Tom Reyes',
        email: 'tom.reyes@riverside-utilities.example',
        relationship: 'peer',
        organization: 'Riverside Utilities',
      },
      added: c.day(-2, 9, 11),
      sent: c.day(-2, 9, 16),
      opened: c.day(-1, 18, 40),
      answers: 'tom',
      answered: c.day(-1, 18, 55),
      submit: { ip: '198.51.100.7', userAgent: PHONE },
    },
    {
      ...maria,
      person: {
        name: 'Janet Moore',
        email: 'janet.moore@eastside-centre.example',
        relationship: 'client',
        organization: 'Eastside Community Centre',
      },
      added: c.day(-2, 9, 12),
      sent: c.day(-2, 9, 17),
      opened: c.day(-1, 12, 5),
      answers: 'janet',
      answered: c.day(-1, 12, 20),
    },
    {
      ...maria,
      person: {
        name: 'Robert Hale',
        email: 'robert.hale@northgate-water.example',
        relationship: 'supervisor',
        organization: 'Northgate Water Company',
      },
      added: c.day(-2, 9, 13),
      sent: c.day(-2, 9, 18),
      opened: c.day(-2, 16, 30),
      declined: {
        at: c.day(-2, 16, 34),
        reason: 'Company policy: we only confirm dates of employment. Maria worked here from 2016 to 2020.',
      },
    },
    {
      ...james,
      person: {
        name: 'Angela Brooks',
        email: 'angela.brooks@harbor-bank.example',
        relationship: 'supervisor',
        organization: 'Harbor Savings Bank',
      },
      added: c.day(-1, 17),
      sent: c.day(-1, 17, 5),
      opened: new Date(c.now.getTime() - 3 * 3_600_000),
    },
    {
      ...james,
      person: {
        name: 'Chris Doyle',
        email: 'chris.doyle@harbor-bank.example',
        relationship: 'peer',
        organization: 'Harbor Savings Bank',
      },
      added: c.day(-1, 17, 1),
      sent: c.day(-1, 17, 6),
    },
    {
      ...james,
      person: {
        name: 'Nina Patel',
        email: 'nina.patel@lakeside-credit.example',
        relationship: 'supervisor',
        organization: 'Lakeside Credit Union',
      },
      added: c.day(-1, 17, 2),
    },
  ];
}
