import assert from 'node:assert/strict';
import { Reference } from '../../src/features/references/reference.model.js';
import { ensureSomeUser, useTestApp } from '../helpers/app.js';
import { csrTemplate } from '../helpers/position-factories.js';
import { addAndSend, referenceReady } from '../helpers/reference-factories.js';

const questionsOf = async (referenceId: string) =>
  ((await Reference.findById(referenceId).lean())!.questionnaire?.questions ?? []).map((q) => q.text);

describe('references: the questionnaire sent is worded for the referee’s relationship', () => {
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  it('when a supervisor and a peer are sent the same position’s questionnaire, then only the supervisor is asked about rehire, and the peer about working together again', async function () {
    this.timeout(60_000);
    const s = await referenceReady(t.app, { candidate: 'Ada Lovelace' });
    const boss = await addAndSend(s, { relationship: 'supervisor' });
    const peer = await addAndSend(s, { relationship: 'peer', name: 'Grace Peer' });
    const bossQs = await questionsOf(boss.referenceId);
    const peerQs = await questionsOf(peer.referenceId);
    assert.ok(bossQs.length > 5 && peerQs.length === bossQs.length, 'both got the whole questionnaire');
    assert.ok(
      bossQs.some((q) => /eligible for rehire/i.test(q)),
      'the supervisor is asked about rehire',
    );
    assert.ok(!peerQs.some((q) => /eligible for rehire/i.test(q)), 'the peer is not');
    assert.ok(
      peerQs.some((q) => /work with Ada Lovelace again/i.test(q)),
      'the peer is asked about working together',
    );
    assert.ok(
      bossQs.every((q) => !q.includes('{')),
      'no placeholder left',
    );
  });
});
