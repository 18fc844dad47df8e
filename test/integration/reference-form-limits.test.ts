import assert from 'node:assert/strict';
import supertest from 'supertest';
import { useTestApp } from '../helpers/app.js';
import {
  completeAnswers,
  findReference,
  makeNomination,
  makeReference,
  postTokenForm,
} from '../helpers/reference-form-factories.js';

describe('token links: rate limiting', () => {
  const t = useTestApp({ rateLimits: { tokenLinks: 3 } });

  it('when one address makes too many link requests, then it gets 429 with a clear page and nothing is written', async () => {
    const r = await makeReference();
    const n = await makeNomination();
    const agent = supertest(t.app);
    assert.equal((await agent.get(r.url)).status, 200);
    assert.equal((await agent.get(`/r/${'A'.repeat(43)}`)).status, 404);
    assert.equal((await agent.get(n.url)).status, 200);

    const page = await agent.get(r.url);
    assert.equal(page.status, 429);
    assert.match(page.text, /Too many attempts\. Please wait a few minutes and try again\./);
    assert.ok(page.headers['ratelimit'] || page.headers['retry-after']);

    const post = await postTokenForm(agent, r.url, completeAnswers({ action: 'submit' }));
    assert.equal(post.status, 429);
    const json = await postTokenForm(agent, r.url, completeAnswers(), { Accept: 'application/json' });
    assert.equal(json.status, 429);
    assert.match(json.body.error, /Too many attempts/);
    assert.equal((await agent.get(n.url)).status, 429);

    const ref = await findReference(r.id);
    assert.equal(ref?.status, 'opened');
    assert.equal(ref?.answers.length, 0);
  });
});
