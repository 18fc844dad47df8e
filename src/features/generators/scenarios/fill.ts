/** Fills a scenario's job-context slots from the position, with neutral defaults. */
import { article, ucFirst } from '../text.js';
import type { PositionContext } from '../types.js';
import type { Scenario, Tier } from './types.js';

export interface Slots {
  role: string;
  org: string;
  setting: string;
  public: string;
  person: string;
}

const IRREGULAR: Record<string, string> = {
  people: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  staff: 'member of staff',
  public: 'member of the public',
  'the public': 'member of the public',
};

/** "residents" -> "resident", "small businesses" -> "small business", "families" -> "family". */
export function singular(plural: string): string {
  const p = plural.trim().replace(/^(the|all|our|their)\s+/i, '');
  const words = p.split(/\s+/);
  const last = words[words.length - 1];
  const lower = last.toLowerCase();
  let one: string;
  if (IRREGULAR[p.toLowerCase()]) return IRREGULAR[p.toLowerCase()];
  if (IRREGULAR[lower]) one = IRREGULAR[lower];
  else if (/ies$/.test(lower)) one = last.slice(0, -3) + 'y';
  else if (/(ss|x|ch|sh)es$/.test(lower)) one = last.slice(0, -2);
  else if (/[^s]s$/.test(lower)) one = last.slice(0, -1);
  else one = last;
  return [...words.slice(0, -1), one].join(' ');
}

/** "a permit counter" -> "the permit counter"; "City Hall" stays as written. */
function definite(setting: string): string {
  const s = setting.trim();
  return /^(a|an)\s+/i.test(s) ? s.replace(/^(a|an)\s+/i, 'the ') : s;
}

export function slotsFor(context: PositionContext = {}): Slots {
  const title = context.jobTitle?.trim();
  const served = context.publicServed?.trim();
  const one = served ? singular(served) : undefined;
  return {
    role: title ? `${article(title)} ${title}` : 'a member of the team',
    org: context.organization?.trim() || 'your organization',
    setting: context.setting?.trim() ? definite(context.setting) : 'your workplace',
    public: served || 'the people you serve',
    person: one ? `${article(one)} ${one}` : 'someone you serve',
  };
}

/** Replaces {slot} and {Slot}; an unknown slot is left for the tests to catch. */
export function fill(text: string, slots: Slots): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const key = name.toLowerCase() as keyof Slots;
    if (!(key in slots)) return whole;
    const value = slots[key];
    return name.charAt(0) === name.charAt(0).toUpperCase() ? ucFirst(value) : value;
  });
}

export interface FilledScenario {
  stem: string;
  weak: string;
  acceptable: string;
  strong: string;
  notes: string;
}

export const QUESTION = 'What would you do, and why?';

/** What the panel should expect at each tier, after the scenario's own notes. */
const TIER_NOTES: Record<Tier, string> = {
  entry:
    'At this entry-level version, a sound acceptable course is a good answer, and knowing when and whom to ask counts in its favour.',
  intermediate:
    'At this intermediate version, expect the candidate to settle the case without being told how and to explain the trade-off they made.',
  advanced:
    'At this advanced version, expect the strong course: the pattern behind the case, the people the candidate leads, and the rule or practice that should change.',
};

/** The scenario at a tier, slots filled: the stem ends with the question. */
export function renderScenario(s: Scenario, tier: Tier, context: PositionContext = {}): FilledScenario {
  const slots = slotsFor(context);
  return {
    stem: `${fill(s.situation, slots)} ${fill(s.levels[tier], slots)} ${QUESTION}`,
    weak: fill(s.weak, slots),
    acceptable: fill(s.acceptable, slots),
    strong: fill(s.strong, slots),
    notes: `${fill(s.notes, slots)} ${TIER_NOTES[tier]}`,
  };
}
