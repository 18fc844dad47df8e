/** Document-import drafts for tests: a pasted draft with what its review page shows. */
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { Framework } from '../../src/features/competencies/framework.model.js';
import { FrameworkDraft } from '../../src/features/framework-import/framework-draft.model.js';
import { csrfToken } from './app.js';

export const DOCUMENT = `# Service values

## Integrity

Acts honestly and keeps promises.

What it looks like:
- Tells the truth when it is unwelcome.

## Stewardship

Uses public money and time with care.

What it looks like:
- Compares prices before buying.
`;

export type Agent = supertest.Agent;

/** A pasted-text draft: its review URL, a CSRF token and the revision the review page shows. */
export async function newDraft(agent: Agent) {
  const token = await csrfToken(agent, '/framework-import');
  const posted = await agent.post('/framework-import').type('form').send({ _csrf: token, text: DOCUMENT });
  assert.equal(posted.status, 303);
  const url = posted.headers.location as string;
  const page = await agent.get(url);
  return { url, token, page: page.text, revision: /name="revision" value="(\d+)"/.exec(page.text)![1] };
}

export const draftExists = async (url: string) =>
  (await FrameworkDraft.exists({ _id: url.split('/').pop() })) !== null;

/** What a refused save must leave as it was: the old framework active and latest, no successor. */
export async function assertUntouched(frameworkId: string) {
  const old = await Framework.findById(frameworkId).lean();
  assert.equal(old?.status, 'active');
  assert.equal(old?.supersededBy, undefined);
  assert.equal(await Framework.countDocuments({ supersedes: frameworkId }), 0);
}
