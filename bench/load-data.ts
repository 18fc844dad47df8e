/**
 * The data of `npm run bench:load` and of the fault drills (test/faults/), created through the
 * services the pages use, on whatever database mongoose is connected to: a manager, one position
 * (CSR class 1230) with a published guide, candidates, interviews each with its own panel (the first
 * panelist chairs), and references sent through the outbox, whose raw tokens are read back from the
 * queued request mails (only their SHA-256 is stored on the reference).
 *
 * Passwords are hashed in the format src/lib/passwords.ts stores and verifies
 * (`scrypt$N$r$p$salt$hash`, the parameters travel with the hash) at a low cost (N = 1024): signing
 * dozens of people in is set-up, not what is measured. The login route and its check are the same.
 */
import crypto from 'node:crypto';
import { addCandidate } from '../src/features/candidates/candidates.service.js';
import { PositionTemplate } from '../src/features/competencies/position-template.model.js';
import { publishGuide } from '../src/features/guides/guide-versions.service.js';
import { createGuide } from '../src/features/guides/guides.service.js';
import { frozenGuide } from '../src/features/interviews/panel-context.js';
import { scheduleInterview } from '../src/features/interviews/interviews.service.js';
import { OutboxMessage } from '../src/features/outbox/outbox.model.js';
import { positionForm } from '../src/features/positions/positions.schemas.js';
import { createPosition } from '../src/features/positions/positions.service.js';
import { templatePage } from '../src/features/references/reference-template.service.js';
import { markReviewed } from '../src/features/references/template-review.service.js';
import { sendAllReferences } from '../src/features/references/reference-sending.service.js';
import { Reference } from '../src/features/references/reference.model.js';
import { addReference } from '../src/features/references/references.service.js';
import { User } from '../src/features/users/user.model.js';
import type { Mailer } from '../src/lib/mailer.js';

export const LOAD_PASSWORD = 'bench load password 1234';
const TEMPLATE_KEY = 'customer-service-representative-1230';

export interface LoadPanelist {
  id: string;
  email: string;
  chair: boolean;
}

export interface LoadInterview {
  id: string;
  candidateId: string;
  panel: LoadPanelist[];
}

export interface LoadReference {
  id: string;
  candidateId: string;
  /** The raw token of the link `/r/<token>`. */
  token: string;
  name: string;
  relationship: string;
  organization: string;
  questions: { id: string; rated: boolean }[];
  ratingOptions: string[];
}

export interface LoadData {
  password: string;
  manager: { id: string; email: string };
  positionId: string;
  candidateIds: string[];
  /** Section ids of the published guide, in order, and its rating scale's values. */
  sections: string[];
  points: number[];
  interviews: LoadInterview[];
  references: LoadReference[];
}

export interface LoadDataOptions {
  /** Candidates of the position; the first `interviews` of them are interviewed. */
  candidates: number;
  interviews: number;
  panelSize: number;
  competencies: number;
  referencesPerCandidate: number;
  /** Where sending queues the request mails (a worker need not run). */
  mailer: Mailer;
  baseUrl: string;
  /** Distinguishes the emails of several data sets in one database. */
  tag?: string;
  progress?: (msg: string) => void;
}

export async function fixtureHash(password: string): Promise<string> {
  const [N, r, p] = [1024, 8, 1];
  const salt = crypto.randomBytes(16);
  const hash = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(password, salt, 64, { N, r, p }, (err, key) => (err ? reject(err) : resolve(key))),
  );
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Runs `fn` over `items` with at most `width` at once. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

/** Needs the seed library loaded (the CSR template and its competencies). */
export async function createLoadData(o: LoadDataOptions): Promise<LoadData> {
  const progress = o.progress ?? (() => undefined);
  const tag = o.tag ?? 'load';
  const passwordHash = await fixtureHash(LOAD_PASSWORD);
  const [manager] = await User.insertMany([
    {
      email: `manager-${tag}@bench.example.org`,
      name: 'Morgan Manager',
      roles: ['manager'],
      status: 'active',
      passwordHash,
    },
  ]);

  const template = await PositionTemplate.findOne({ key: TEMPLATE_KEY }).lean();
  if (!template || template.competencies.length < o.competencies)
    throw new Error(
      `the seed template ${TEMPLATE_KEY} is missing or has fewer than ${o.competencies} competencies`,
    );
  const input = positionForm.parse({
    title: 'Customer Service Representative',
    classCode: '1230',
    department: 'Utilities',
    description: '',
    fromTemplate: String(template._id),
    competencies: template.competencies.slice(0, o.competencies).map((c) => ({
      competency: String(c.competency),
      requiredLevel: String(c.requiredLevel ?? 2),
      weight: '1',
      weightReason: '',
      requirement: 'required',
    })),
  });
  const position = await createPosition(input, manager);
  const positionId = String(position._id);
  const guide = await createGuide(positionId, manager);
  const version = await publishGuide(guide, position, manager);
  const frozen = await frozenGuide(String(guide._id), version);
  progress('position and published guide');

  const candidateIds: string[] = [];
  for (let k = 0; k < o.candidates; k++) {
    const c = await addCandidate(
      positionId,
      { name: `Candidate ${k + 1}`, email: `candidate-${k + 1}-${tag}@bench.example.org`, notes: '' },
      manager,
    );
    candidateIds.push(String(c._id));
  }

  const panelists = await User.insertMany(
    Array.from({ length: o.interviews * o.panelSize }, (_, i) => ({
      email: `panelist-${i + 1}-${tag}@bench.example.org`,
      name: `Panelist ${i + 1}`,
      roles: ['panelist'],
      status: 'active',
      passwordHash,
    })),
  );
  const mail = { mailer: o.mailer, baseUrl: o.baseUrl };
  const interviews: LoadInterview[] = [];
  for (let k = 0; k < o.interviews; k++) {
    const seats = panelists.slice(k * o.panelSize, (k + 1) * o.panelSize);
    const interview = await scheduleInterview(
      positionId,
      {
        candidate: candidateIds[k],
        panel: seats.map((u, i) => ({ user: String(u._id), role: i === 0 ? 'chair' : 'member' })),
        scheduledAt: new Date(Date.now() + 3_600_000),
        location: 'Room 4.12, City Hall',
      },
      manager,
      mail,
    );
    interviews.push({
      id: String(interview._id),
      candidateId: candidateIds[k],
      panel: seats.map((u, i) => ({ id: String(u._id), email: u.email, chair: i === 0 })),
    });
  }
  progress(`${o.candidates} candidates, ${o.interviews} interviews x ${o.panelSize} panelists`);

  const deps = {
    mailer: o.mailer,
    config: {
      baseUrl: o.baseUrl,
      orgName: 'Bench Organisation',
      references: { linkDays: 14, reminderDays: [] },
    },
  };
  // Requests go out only once the questionnaire is reviewed, as the hiring team does first.
  const questionnaire = (await templatePage(positionId, manager)).template;
  await markReviewed(positionId, questionnaire.rev, manager);
  const relationships = ['supervisor', 'peer', 'direct-report', 'client'] as const;
  await inBatches(candidateIds, 4, async (candidateId) => {
    for (let j = 0; j < o.referencesPerCandidate; j++)
      await addReference(
        positionId,
        candidateId,
        {
          name: `Reference ${j + 1} of ${candidateId.slice(-6)}`,
          email: `ref-${j + 1}-${candidateId}-${tag}@bench.example.org`,
          relationship: relationships[j % relationships.length],
          organization: 'Harbour Utilities',
        },
        manager,
      );
    await sendAllReferences(positionId, candidateId, manager, deps);
  });
  const references = await readReferenceTokens(positionId, o.baseUrl);
  progress(`${references.length} references sent`);

  return {
    password: LOAD_PASSWORD,
    manager: { id: String(manager._id), email: manager.email },
    positionId,
    candidateIds,
    sections: frozen.sections.map((s) => s.id),
    points: frozen.ratingScale.points.map((p) => p.value),
    interviews,
    references,
  };
}

/** Each sent reference of the position with the raw token taken from its queued request mail. */
async function readReferenceTokens(positionId: string, baseUrl: string): Promise<LoadReference[]> {
  const refs = await Reference.find({ position: positionId, status: 'sent' }).sort({ _id: 1 }).lean();
  const mails = await OutboxMessage.find({ _id: { $in: refs.map((r) => r.messages[0]?.outbox) } }).lean();
  const textOf = new Map(mails.map((m) => [String(m._id), m.text]));
  const link = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/r/([A-Za-z0-9_-]{43})`);
  return refs.map((r) => {
    const token = link.exec(textOf.get(String(r.messages[0]?.outbox)) ?? '')?.[1];
    if (!token) throw new Error(`no link in the request mail of reference ${r._id}`);
    return {
      id: String(r._id),
      candidateId: String(r.candidate),
      token,
      name: r.name,
      relationship: r.relationship,
      organization: r.organization ?? '',
      questions: (r.questionnaire?.questions ?? []).map((q) => ({ id: q.id, rated: !!q.rated })),
      ratingOptions: r.questionnaire?.ratingOptions ?? [],
    };
  });
}

/**
 * The body of the reference's form: identity confirmed, every rated question answered (from the
 * options other than the last, "Not observed") and every comment filled in; `upTo` answers only the
 * first questions (a draft).
 */
export function referenceAnswers(
  ref: LoadReference,
  rev: number,
  action: 'save' | 'submit',
  upTo = ref.questions.length,
): Record<string, string> {
  const body: Record<string, string> = {
    rev: String(rev),
    name: ref.name,
    relationship: ref.relationship,
    organization: ref.organization,
    confirmed: 'yes',
    action,
  };
  ref.questions.slice(0, upTo).forEach((q, i) => {
    if (q.rated) body[`rating:${q.id}`] = ref.ratingOptions[i % (ref.ratingOptions.length - 1)];
    body[`comment:${q.id}`] =
      `Answer ${i + 1}: worked together for two years; handled a difficult customer case calmly and followed up.`;
  });
  return body;
}
