/**
 * The demo's position as a hiring manager builds it: the Customer Service Representative position
 * from the class-1230 template (five of its nine competencies, OPM's 4 to 6, with levels and one
 * weight with its reason), approved questions in the bank, and the published interview guide.
 * Every input goes through the form's own schema and the feature's service.
 */
import { Competency } from '../features/competencies/competency.model.js';
import { findGuide, createGuide } from '../features/guides/guides.service.js';
import { setMinutes } from '../features/guides/guide-editing.service.js';
import { publishGuide } from '../features/guides/guide-versions.service.js';
import { generateFor, loadGeneratorSource } from '../features/question-bank/generator-source.js';
import { saveGenerated, setStatus } from '../features/question-bank/question-bank.service.js';
import { saveGeneratedForm } from '../features/question-bank/question-bank.schemas.js';
import {
  createPosition,
  listTemplates,
  sharePosition,
  templateValues,
  type Actor,
} from '../features/positions/positions.service.js';
import { positionForm } from '../features/positions/positions.schemas.js';
import type { DemoClock } from './demo-clock.js';
import { parsed } from './demo-story.js';

export const TEMPLATE_CLASS_CODE = '1230';
const JOB_TITLE = 'Customer Service Representative';

/** The competencies kept from the template, in interview order, with the level and weight chosen. */
const CHOSEN: { key: string; level: number; weight: number; reason?: string; requirement?: string }[] = [
  {
    key: 'csr-customer-service',
    level: 2,
    weight: 2,
    reason:
      'Most of the working day is spent serving residents at the counter and on the phone; the job analysis found customer service separates superior from satisfactory performance more than any other competency.',
  },
  { key: 'csr-judgment-and-decision-making', level: 2, weight: 1 },
  { key: 'csr-stress-tolerance', level: 2, weight: 1 },
  { key: 'csr-attention-to-detail', level: 2, weight: 1 },
  { key: 'csr-job-knowledge', level: 1, weight: 1, requirement: 'desired' },
];

export async function buildPosition(clock: DemoClock, owner: Actor, colleagueEmail: string) {
  const template = (await listTemplates()).find((t) => t.classCode === TEMPLATE_CLASS_CODE);
  if (!template) throw new Error('demo: the class-1230 position template is not in the library');
  const values = await templateValues(String(template._id));
  const keys = new Map(
    (await Competency.find({ _id: { $in: values.competencies.map((c) => c.competency) } }, 'key').lean()).map(
      (c) => [c.key, String(c._id)],
    ),
  );
  const rows = CHOSEN.map((c) => {
    const id = keys.get(c.key);
    if (!id) throw new Error(`demo: the template has no competency ${c.key}`);
    return {
      competency: id,
      requiredLevel: String(c.level),
      weight: String(c.weight),
      weightReason: c.reason ?? '',
      requirement: c.requirement ?? 'required',
    };
  });
  const input = parsed(
    'position',
    positionForm.safeParse({
      ...values,
      department: 'Office of Resident Services',
      description:
        'Answers residents’ questions at the service counter, on the phone and by email: utility bills, parking permits, payments and City services. Resolves complaints, refers complex cases and keeps accurate records in the customer system.',
      competencies: rows,
    }),
  );
  const position = await clock.at(clock.day(-21, 9, 30), async () => {
    const p = await createPosition(input, owner);
    await sharePosition(String(p._id), colleagueEmail, owner);
    return p;
  });
  const competencyIds = rows.map((r) => r.competency);
  await clock.at(clock.day(-20, 14), () => fillQuestionBank(competencyIds, CHOSEN, owner));
  const guideId = await clock.at(clock.day(-19, 11), () => buildGuide(String(position._id), owner));
  return { positionId: String(position._id), guideId };
}

/**
 * Per competency, at the position's level: the first behavioral and situational questions the
 * generator offers, saved and approved, and one more behavioral question left as a draft to review.
 */
async function fillQuestionBank(ids: string[], chosen: typeof CHOSEN, by: Actor) {
  for (const [i, id] of ids.entries()) {
    const source = await loadGeneratorSource(id);
    const level = chosen[i].level;
    const generated = generateFor(source, { level, context: { jobTitle: JOB_TITLE } });
    const pick = (kind: string, nth: number) =>
      generated.map((g, index) => ({ g, index })).filter((x) => x.g.kind === kind)[nth];
    const picks = [pick('behavioral', 0), pick('situational', 0), pick('behavioral', 1)].filter(Boolean);
    const form = parsed(
      'question bank',
      saveGeneratedForm.safeParse({
        level: String(level),
        jobTitle: JOB_TITLE,
        items: picks.map(({ g, index }) => ({
          index: String(index),
          selected: 'on',
          text: g.text,
          situation: (g.probes?.situation ?? []).join('\n'),
          action: (g.probes?.action ?? []).join('\n'),
          result: (g.probes?.result ?? []).join('\n'),
        })),
      }),
    );
    const saved = await saveGenerated(source, form, by);
    // The third one stays a draft: the bank shows what review looks like.
    for (const item of saved.slice(0, 2)) await setStatus(String(item._id), 'approved', by);
  }
}

/** The guide starts from the approved questions; the weighted section gets more time; published. */
async function buildGuide(positionId: string, by: Actor) {
  const created = await createGuide(positionId, by);
  const { guide, position } = await findGuide(String(created._id), by);
  await setMinutes(guide, String(guide.sections[0]._id), 15, by);
  await publishGuide(guide, position, by);
  return String(guide._id);
}
