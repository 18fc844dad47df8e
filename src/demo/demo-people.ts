/**
 * Who is in the demo: the accounts (one per role, and a panel of four), the candidates and the
 * shared password. Every address is on a reserved example domain (RFC 2606), so a demo started with
 * SMTP_URL set never mails a real person.
 */
import type { Role } from '../features/users/user.model.js';

/** One password for every demo account: printed on the console and shown on the sign-in page. */
export const DEMO_PASSWORD = 'demo-interview-2024';

export type DemoUserKey = 'admin' | 'owner' | 'colleague' | 'sam' | 'linda' | 'rafael' | 'hannah';

export interface DemoUser {
  key: DemoUserKey;
  name: string;
  email: string;
  roles: Role[];
  /** What this person does in the demo, for the sign-in page. */
  about: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    key: 'admin',
    name: 'Grace Whitfield',
    email: 'grace.whitfield@example.org',
    roles: ['admin'],
    about: 'Administrator: users, the competency library, the mail outbox.',
  },
  {
    key: 'owner',
    name: 'Marcus Bell',
    email: 'marcus.bell@example.org',
    roles: ['manager'],
    about: 'Hiring manager who owns the Customer Service Representative position.',
  },
  {
    key: 'colleague',
    name: 'Elena Petrova',
    email: 'elena.petrova@example.org',
    roles: ['manager'],
    about: 'Hiring manager the position is shared with.',
  },
  {
    key: 'sam',
    name: 'Sam Okonkwo',
    email: 'sam.okonkwo@example.org',
    roles: ['panelist'],
    about: 'Panelist: chairs the interviews of Maria Gonzalez and Priya Raman.',
  },
  {
    key: 'linda',
    name: 'Linda Chen',
    email: 'linda.chen@example.org',
    roles: ['panelist'],
    about: 'Panelist: chairs the interview of James Okafor, now at the consensus step.',
  },
  {
    key: 'rafael',
    name: 'Rafael Ortiz',
    email: 'rafael.ortiz@example.org',
    roles: ['panelist'],
    about: 'Panelist: has submitted his ratings of Priya Raman.',
  },
  {
    key: 'hannah',
    name: 'Hannah Schmidt',
    email: 'hannah.schmidt@example.org',
    roles: ['panelist'],
    about: 'Panelist: rating Priya Raman, one competency saved so far.',
  },
];

export type DemoCandidateKey = 'maria' | 'james' | 'priya' | 'daniel' | 'tom' | 'aisha';

export const DEMO_CANDIDATES: Record<DemoCandidateKey, { name: string; email: string; notes: string }> = {
  maria: {
    name: 'Maria Gonzalez',
    email: 'maria.gonzalez@example.com',
    notes: 'Six years at the counter of a utility billing office; bilingual (English and Spanish).',
  },
  james: {
    name: 'James Okafor',
    email: 'james.okafor@example.com',
    notes: 'Call-centre team lead at a regional bank; applied through the city jobs portal.',
  },
  priya: {
    name: 'Priya Raman',
    email: 'priya.raman@example.com',
    notes: 'Front desk of the county library for three years; internal referral.',
  },
  daniel: {
    name: 'Daniel Novak',
    email: 'daniel.novak@example.com',
    notes: 'Permit counter clerk in a neighbouring town; available from next month.',
  },
  tom: {
    name: 'Tom Walsh',
    email: 'tom.walsh@example.com',
    notes: 'Retail customer service, five years; meets the minimum qualifications.',
  },
  aisha: {
    name: 'Aisha Bello',
    email: 'aisha.bello@example.com',
    notes: 'Hotel front office supervisor.',
  },
};
