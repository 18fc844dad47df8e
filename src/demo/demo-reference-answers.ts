/**
 * What the demo's references answer. Competency answers are keyed by competency name, one
 * [rating option, comment] per question, in the questionnaire's order; opening and closing answers
 * follow their questions' order (an empty or missing one is left unanswered).
 */
type Rated = [option: string, comment: string];
export interface Answers {
  opening: string[];
  competencies: Record<string, Rated[]>;
  closing: string[];
}

export const ANSWERS: Record<'karen' | 'tom' | 'janet', Answers> = {
  karen: {
    opening: [
      'I was Maria’s supervisor at the Riverside Utilities billing office.',
      'Four years, from 2020 until this spring; she was a senior customer service clerk.',
      'Counter and phone enquiries, payment plans, refunds and adjustments, and training new clerks on the counter.',
      'Yes, every day: I sat two desks away and reviewed her adjustments each week.',
    ],
    competencies: {
      'Customer Service': [
        [
          'Well above',
          'She noticed older customers standing in the queue for half an hour and proposed the priority desk and call-back list we still use.',
        ],
        ['Well above', ''],
      ],
      'Judgment and Decision Making': [
        [
          'Above',
          'Knows where her authority ends; brings the facts and a proposal when she escalates, which made my job easier.',
        ],
        ['Above', ''],
      ],
      'Stress Tolerance': [
        ['Above', 'During the 2023 billing system outage she kept the counter calm for three days.'],
        ['Comparable', ''],
      ],
      'Attention to Detail': [
        ['Well above', 'Her reconciliation sheet cut our end-of-day errors to almost none.'],
        ['Above', ''],
      ],
      'Job Knowledge': [
        ['Above', 'The team’s go-to person for billing rules and payment plans.'],
        ['Above', ''],
      ],
    },
    closing: [
      'Calm with upset customers, exact with figures, and a patient trainer of new clerks.',
      'She will ask for the policy behind a rule before applying it; that is more a strength than a gap.',
      'Very little after her first months; she came to me only with real exceptions.',
      'Without hesitation. I tried to keep her.',
    ],
  },
  tom: {
    opening: [
      'We worked side by side at the Riverside Utilities counter.',
      'About three years; we were both customer service clerks.',
      'The counter, the phones, payment plans.',
      'On every shift we shared the counter.',
    ],
    competencies: {
      'Customer Service': [
        ['Above', 'Patient with everyone, including the customers the rest of us found difficult.'],
        ['Well above', 'She wrote the counter’s plain-language guide to reading a bill.'],
      ],
      'Judgment and Decision Making': [
        ['Above', 'Checks the history before deciding; rarely needed to be overruled.'],
        ['Comparable', ''],
      ],
      'Stress Tolerance': [
        ['Above', 'Stayed steady on the worst days and helped the rest of us to.'],
        ['Above', ''],
      ],
      'Attention to Detail': [
        ['Above', 'Caught my mistakes more than once, kindly.'],
        ['Above', ''],
      ],
      'Job Knowledge': [
        ['Comparable', 'Knows billing very well, like the rest of the senior clerks.'],
        ['Not observed', ''],
      ],
    },
    closing: [
      'Patience, and a knack for explaining a bill so that it makes sense.',
      'She could hand more work to others; she takes too much on herself.',
      'Little; she was the one the rest of us asked.',
      'Yes, gladly.',
    ],
  },
  janet: {
    opening: [
      'I manage the Eastside community centre; I referred many residents to Maria’s desk.',
      'About two years of regular contact.',
      'Only through the residents I referred to her and our calls about them.',
    ],
    competencies: {
      'Customer Service': [
        [
          'Well above',
          'Residents I sent to her came back with their problem solved and understood why. Several asked for her by name.',
        ],
      ],
    },
    closing: [],
  },
};
