/**
 * What each panel said: ratings on OPM's five-point scale and the notes that justify them, per
 * competency in the guide's order (Customer Service, Judgment and Decision Making, Stress
 * Tolerance, Attention to Detail, Job Knowledge). `null` leaves a competency unrated or unnoted.
 */
import type { DemoUserKey } from './demo-people.js';

export type Score = [value: number | null, note: string];

/** Maria Gonzalez: complete. Rafael revises one rating in the consensus step. */
export const MARIA: Record<'sam' | 'linda' | 'rafael', Score[]> = {
  sam: [
    [
      5,
      'Redesigned the walk-in queue at the billing office after noticing older customers standing for half an hour: a priority desk and a call-back list. Complaints about waiting fell by about half the next quarter (from the complaint log). Asked the customer whether everything was resolved without being prompted.',
    ],
    [
      4,
      'Customer disputed a $600 bill after a leak. She pulled the meter history, found the leak adjustment policy, applied it within her authority and referred the remainder to her supervisor with the readings attached.',
    ],
    [
      4,
      'Abusive caller during a billing system outage: kept her voice level, acknowledged the frustration, gave a concrete call-back time and kept it.',
    ],
    [
      4,
      'Keeps a personal checklist for payment plans; caught a transposed account number before a refund went out. Could not describe a check she had set up for others.',
    ],
    [
      3,
      'Knows utility billing in depth; general on parking permits and the Charter provisions the counter handles. Will need the standard training.',
    ],
  ],
  linda: [
    [
      4,
      'Specific example of calming a customer whose water was shut off: offered the payment plan and arranged same-day reconnection. Did not describe improving procedures beyond her own desk.',
    ],
    [
      4,
      'Gathered the meter history and the policy before deciding on the leak adjustment; knew the limit of her authority and escalated the rest with the evidence.',
    ],
    [
      4,
      'Outage example convincing: honest timelines to callers, and she sat with a newer colleague who was overwhelmed.',
    ],
    [
      5,
      'Built a reconciliation sheet matching daily cash receipts to the billing system; her office adopted it and end-of-day errors dropped to near zero.',
    ],
    [3, 'Solid on billing and payment rules; answered the permits question only in general terms.'],
  ],
  rafael: [
    [
      5,
      'Best answer of the day: the queue redesign and the call-back list, with results. Listens first and summarises the concern back before answering.',
    ],
    [3, 'Refund example: she escalated to her supervisor. I read it as not taking the decision herself.'],
    [4, 'Calm and concrete during the outage; kept the call-back time she promised.'],
    [4, 'Caught the transposed account number; checks her own work before submitting refunds.'],
    [
      4,
      'Explained the billing cycle, adjustments and payment plan rules precisely; some permits knowledge from a previous role.',
    ],
  ],
};

export const MARIA_CHANGE = {
  seat: 'rafael' as const,
  competency: 1,
  value: 4,
  why: 'In the discussion Linda pointed out that she applied the leak adjustment herself, within her limit, and escalated only the part above it with the readings. That is the sound use of policy the rating guide describes at 4.',
};

export const MARIA_CONSENSUS: Score[] = [
  [
    5,
    'Two of three rated 5. The queue redesign, with measured results, is the exemplary service and procedure improvement the level asks for.',
  ],
  [
    4,
    'Agreed after discussion: she applied the policy within her authority and escalated the rest with the evidence.',
  ],
  [4, 'Unanimous: composed and honest under pressure, and supported a colleague.'],
  [
    4,
    'Linda rated 5 for the reconciliation sheet; the panel agreed it is strong but a single example, so 4 overall.',
  ],
  [3, 'Deep billing knowledge, general on permits and City procedures: 3, with the standard training.'],
];

export const MARIA_RECOMMENDATION =
  'Consistently strong across all five competencies, with the best customer service answer of the round. Training needed on permits and City procedures only.';

/** James Okafor: every rating submitted; two competencies agreed so far, two far apart. */
export const JAMES: Record<'linda' | 'sam' | 'hannah', Score[]> = {
  linda: [
    [
      3,
      'Clear explanations, but his examples were about the team’s call metrics; asked what he did for the customer himself, he described transferring the call.',
    ],
    [
      2,
      'Waived a late fee because “it felt right”, without checking the policy or the account history. Could not say what he would do differently.',
    ],
    [
      4,
      'Branch closure week with hundreds of angry calls: organised breaks and cover, stayed composed himself.',
    ],
    [3, 'Checks his work when reminded; no system of his own.'],
    [
      4,
      'Knows payment processing and account rules thoroughly; asked good questions about our billing system.',
    ],
  ],
  sam: [
    [
      4,
      'Followed up personally with a customer after a transfer to make sure it was resolved; good listener.',
    ],
    [
      4,
      'In the late-fee case he knew the customer had always paid on time and the bank allowed one waiver a year; I heard a sound decision.',
    ],
    [4, 'Composed account of the closure week; protected his team from burning out.'],
    [3, 'Double-checks large transactions; nothing beyond the standard controls.'],
    [
      2,
      'Banking knowledge does not transfer directly: unfamiliar with utilities, permits and City procedures.',
    ],
  ],
  hannah: [
    [3, 'Courteous and structured; his examples were more about managing than serving.'],
    [3, 'Reasonable decisions, though he consulted others only after acting.'],
    [
      3,
      'Calm in the closure example; less convincing when the question turned to criticism from his own manager.',
    ],
    [3, 'Adequate: balances the totals at the end of the day.'],
    [3, 'Strong on payments, new to City services; would learn quickly.'],
  ],
};

/** The chair's consensus so far: Customer Service and Attention to Detail (by competency index). */
export const JAMES_CONSENSUS: [number, Score][] = [
  [
    0,
    [
      3,
      'Polite and clear, but his examples were about supervising the team’s metrics more than serving customers himself.',
    ],
  ],
  [3, [3, 'Unanimous: he checks his work, with no system of his own.']],
];

/** Priya Raman: in the middle of scoring. Rafael has submitted; the others are still rating. */
export const PRIYA: Record<'sam' | 'rafael' | 'hannah', Score[]> = {
  rafael: [
    [
      4,
      'Library front desk: set up a weekly drop-in for residents applying for benefits online; patient, checks that people understood.',
    ],
    [3, 'Follows policy well; escalates when unsure, sometimes earlier than needed.'],
    [4, 'Dealt with a disruptive visitor calmly and called for help at the right moment.'],
    [4, 'Keeps a log of holds and fines; found and corrected a batch of wrong due dates.'],
    [3, 'Knows the library systems well; learning City services.'],
  ],
  sam: [
    [4, 'The benefits drop-in is a strong example of improving service beyond her own desk.'],
    [3, 'Escalated a fine dispute to her supervisor; reasonable.'],
    [4, ''],
  ],
  hannah: [[5, 'Warm and precise; summarised each resident’s request before acting on it.']],
};

export const panelOf = <K extends DemoUserKey>(chair: K, ...members: K[]) => [
  { key: chair, role: 'chair' as const },
  ...members.map((key) => ({ key, role: 'member' as const })),
];
