/**
 * The demo's reference checks. The manager adds and sends references through the references
 * services (the questionnaire is generated into the position's reference template and marked
 * reviewed before the first send); each reference then answers through the same steps as the public questionnaire's
 * controller: the link's token (read from the request mail, as the person would), the form read
 * with its schema, the draft merged, then saved, submitted or declined with conditional writes.
 */
import type { Mailer } from '../lib/mailer.js';
import { mergeDraft, missingForSubmit } from '../features/reference-form/reference-answers.js';
import { readReferenceForm } from '../features/reference-form/reference-form.schemas.js';
import * as form from '../features/reference-form/reference-form.service.js';
import { addReference, type ReferenceDeps } from '../features/references/references.service.js';
import { sendReference } from '../features/references/reference-sending.service.js';
import { referenceForm } from '../features/references/references.schemas.js';
import { templatePage } from '../features/references/reference-template.service.js';
import { markReviewed } from '../features/references/template-review.service.js';
import type { DemoCandidateKey, DemoUserKey } from './demo-people.js';
import { ANSWERS, type Answers } from './demo-reference-answers.js';
import { REFERENCES, type DemoReference } from './demo-reference-data.js';
import { parsed, type DemoStory } from './demo-story.js';

/** A mailer that also notes each reference link it queues, by recipient (the person's inbox). */
function linkReader(mailer: Mailer) {
  const links = new Map<string, string>();
  const reader: Mailer = {
    mode: mailer.mode,
    start: () => mailer.start(),
    stop: () => mailer.stop(),
    deliverDue: () => mailer.deliverDue(),
    async queue(message) {
      const token = /\/r\/([A-Za-z0-9_-]{43})\b/.exec(message.text)?.[1];
      if (token) links.set(message.to.toLowerCase(), token);
      return mailer.queue(message);
    },
  };
  return { reader, tokenFor: (email: string) => links.get(email.toLowerCase()) };
}

/** The questionnaire as the reference fills it in: identity confirmed, then the answers given. */
function formBody(ref: form.ReferenceRecord, answers: Answers, action: 'save' | 'submit') {
  const body: Record<string, string> = {
    rev: String(form.revOf(ref)),
    action,
    name: ref.name,
    relationship: ref.relationship,
    organization: ref.organization ?? '',
    confirmed: 'yes',
  };
  const asked = { opening: 0, closing: 0 } as Record<string, number>;
  const perCompetency = new Map<string, number>();
  for (const q of form.questionnaireOf(ref).questions) {
    if (q.part !== 'competency') {
      const text = answers[q.part as 'opening' | 'closing'][asked[q.part]++];
      if (text) body[`comment:${q.id}`] = text;
      continue;
    }
    const name = q.competencyName ?? '';
    const nth = perCompetency.get(name) ?? 0;
    perCompetency.set(name, nth + 1);
    const a = answers.competencies[name]?.[nth];
    if (!a) continue;
    body[`rating:${q.id}`] = a[0];
    if (a[1]) body[`comment:${q.id}`] = a[1];
  }
  return body;
}

/** The reference opens the link, then saves or submits their answers, or declines. */
async function answer(s: DemoStory, token: string, r: DemoReference) {
  const { clock } = s;
  let ref = (await form.findByToken(token))!;
  if (!r.opened) return;
  await clock.at(r.opened, () => form.markOpened(ref, r.opened!));
  ref = (await form.findByToken(token))!;
  if (r.declined) {
    await clock.at(r.declined.at, () => form.decline(ref, r.declined!.reason, r.declined!.at));
    return;
  }
  if (!r.answers || !r.answered) return;
  const q = form.questionnaireOf(ref);
  const read = readReferenceForm(formBody(ref, ANSWERS[r.answers], r.submit ? 'submit' : 'save'), q);
  if (!read.ok) throw new Error(`demo: the reference form was refused: ${JSON.stringify(read)}`);
  const at = r.answered;
  const draft = mergeDraft(ref, q, read.input, at);
  const outcome = await clock.at(at, async () => {
    if (!r.submit) return form.saveDraft(ref, draft, read.input.rev, at);
    const missing = missingForSubmit(q, draft);
    if (Object.keys(missing).length)
      throw new Error(`demo: incomplete reference: ${JSON.stringify(missing)}`);
    return form.submit(ref, draft, read.input.rev, r.submit, at);
  });
  if (outcome.kind !== 'saved' && outcome.kind !== 'submitted')
    throw new Error(`demo: the reference's answers were not written (${outcome.kind})`);
}

/** Adds each candidate's references, sends the ones due, and plays each reference's answer. */
export async function buildReferences(s: DemoStory) {
  const { reader, tokenFor } = linkReader(s.mailer);
  const deps: ReferenceDeps = {
    mailer: reader,
    config: { baseUrl: s.baseUrl, orgName: s.orgName, references: s.references },
  };
  const list = REFERENCES(s.clock);
  const byCandidate = new Map<DemoCandidateKey, DemoReference[]>();
  for (const r of list) byCandidate.set(r.candidate, [...(byCandidate.get(r.candidate) ?? []), r]);

  let reviewed = false;
  for (const [candidate, refs] of byCandidate) {
    const candidateId = s.candidates[candidate];
    for (const r of refs) {
      const by = s.users[r.by as DemoUserKey];
      const input = parsed('reference', referenceForm.safeParse(r.person));
      const created = await s.clock.at(r.added, () => addReference(s.positionId, candidateId, input, by));
      if (!r.sent) continue;
      const sentAt = r.sent;
      if (!reviewed) {
        // As the hiring team does before the first request: read the questionnaire, mark it reviewed.
        await s.clock.at(sentAt, async () => {
          const { template } = await templatePage(s.positionId, by);
          await markReviewed(s.positionId, template.rev, by, sentAt);
        });
        reviewed = true;
      }
      await s.clock.at(sentAt, () =>
        sendReference(s.positionId, candidateId, String(created._id), by, deps, sentAt),
      );
      const token = tokenFor(r.person.email);
      if (!token) throw new Error(`demo: no request mail reached ${r.person.email}`);
      await answer(s, token, r);
    }
  }
}
