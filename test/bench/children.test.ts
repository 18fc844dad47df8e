/**
 * The bench's server processes (bench/lib/children.ts, bench/floor-server.ts,
 * bench/lib/child-memory.ts): the floor runs in a real child process, answers the clients' requests
 * on the port it reports, keeps memory peaks per phase measured in itself, and stops on stop().
 */
import assert from 'node:assert/strict';
import type { FloorReady } from '../../bench/floor-server.js';
import { MemorySampler, rssOf } from '../../bench/lib/child-memory.js';
import { forkServer } from '../../bench/lib/children.js';
import { HttpClient, keepAliveAgent } from '../../bench/live-http.js';

describe('bench server processes', function () {
  this.timeout(60_000);
  after(() => keepAliveAgent.destroy());

  it('runs the floor in its own process, reports its memory per phase and stops it', async () => {
    const floor = await forkServer<FloorReady>('floor-server.ts', { kind: 'load' });
    try {
      assert.notEqual(floor.pid, process.pid);
      assert.ok(floor.ready.port > 0);
      const client = new HttpClient(floor.ready.port);
      floor.slot('floor');
      const page = await client.request('GET', '/floor/positions');
      assert.equal(page.status, 200);
      assert.match(page.body, /Floor/);
      const save = await client.request('POST', '/floor/interviews/x/ratings/s1', {
        body: JSON.stringify({ rev: 4 }),
        headers: { accept: 'application/json' },
      });
      assert.equal(save.status, 200);
      assert.equal((JSON.parse(save.body) as { rev: number }).rev, 5);

      const peaks = await floor.peaks();
      assert.equal(peaks.length, 1);
      assert.equal(peaks[0].role, 'floor');
      assert.equal(peaks[0].pid, floor.pid);
      assert.ok(peaks[0].peaks['set-up'].rss > 0);
      assert.ok(peaks[0].peaks.floor.heapUsed > 0);
    } finally {
      await floor.stop();
    }
    assert.equal(rssOf(floor.pid), 0, 'the floor process is gone');
  });

  it('gives up on a child that is not ready in time, and kills it', async () => {
    await assert.rejects(forkServer('floor-server.ts', { kind: 'echo' }, { timeoutMs: 1 }), /not ready/);
  });

  it('keeps the peaks of the current phase and of the processes it watches', () => {
    const sampler = new MemorySampler('app', () => ({ engine: process.pid }));
    sampler.setSlot('load');
    const [self, watched] = sampler.report();
    assert.equal(self.role, 'app');
    assert.ok(self.peaks.load.rss >= self.peaks.load.heapUsed);
    assert.equal(watched.role, 'engine');
    assert.ok(watched.peaks.load.rss > 0);
    assert.equal(watched.peaks.load.heapUsed, 0, 'only the RSS of another process is known');
    assert.equal(rssOf(undefined), 0);
  });
});
