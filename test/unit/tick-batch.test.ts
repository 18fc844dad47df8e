import assert from 'node:assert/strict';
import { tickBatch } from '../../src/lib/tick-batch.js';

describe('tickBatch (reads asked for in one tick, sent as one)', () => {
  const rows = [
    { id: 'a', n: 1 },
    { id: 'b', n: 2 },
  ];

  it('when several reads are asked for in one tick, then one load answers each with its own row or null', async () => {
    const loads: string[][] = [];
    const get = tickBatch(
      async (ids) => (loads.push(ids), rows.filter((r) => ids.includes(r.id))),
      (r) => r.id,
    );
    const [a, b, again, missing] = await Promise.all([get('a'), get('b'), get('a'), get('zz')]);
    assert.deepEqual(loads, [['a', 'b', 'zz']]);
    assert.equal(a?.n, 1);
    assert.equal(b?.n, 2);
    assert.equal(again, a);
    assert.equal(missing, null);
  });

  it('when a read is asked for after the batch left, then it gets a load of its own (nothing is cached)', async () => {
    let loads = 0;
    const get = tickBatch(
      async (ids) => (loads++, rows.filter((r) => ids.includes(r.id))),
      (r) => r.id,
    );
    await get('a');
    await get('a');
    assert.equal(loads, 2);
  });

  it('when the load fails, then every read of that batch fails with its error and the next batch loads again', async () => {
    let fail = true;
    const get = tickBatch(
      async (ids) => {
        if (fail) throw new Error('database away');
        return rows.filter((r) => ids.includes(r.id));
      },
      (r) => r.id,
    );
    const results = await Promise.allSettled([get('a'), get('b')]);
    assert.deepEqual(
      results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok')),
      ['database away', 'database away'],
    );
    fail = false;
    assert.equal((await get('b'))?.n, 2);
  });
});
