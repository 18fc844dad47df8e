import assert from 'node:assert/strict';
import { BUFFER_PER_INTERVIEW, deliverableTo, PanelEventBus } from '../../src/features/panel/event-bus.js';

describe('panel event bus', () => {
  it('delivers to subscribers of the interview only, in order, until they unsubscribe', () => {
    const bus = new PanelEventBus();
    const a: string[] = [];
    const b: string[] = [];
    const offA = bus.subscribe('a', (e) => a.push(e.type));
    bus.subscribe('b', (e) => b.push(e.type));
    bus.publish('a', 'progress');
    bus.publish('b', 'submitted');
    bus.publish('a', 'revealed');
    offA();
    bus.publish('a', 'completed');
    assert.deepEqual(a, ['progress', 'revealed']);
    assert.deepEqual(b, ['submitted']);
    assert.equal(bus.listenerCount('a'), 0);
  });

  it('replays what came after a Last-Event-ID, and refuses ids it cannot vouch for', () => {
    const bus = new PanelEventBus();
    const first = bus.publish('a', 'progress');
    bus.publish('b', 'progress');
    const second = bus.publish('a', 'submitted');
    const third = bus.publish('a', 'revealed');
    assert.deepEqual(
      bus.since('a', first.id)!.map((e) => e.id),
      [second.id, third.id],
    );
    assert.deepEqual(bus.since('a', third.id), []);
    assert.deepEqual(bus.since('never-seen', third.id), []);
    // Another process's ids (a restart), ids from the future, garbage: the client must reload.
    assert.equal(bus.since('a', `00000000-${first.seq}`), null);
    assert.equal(bus.since('a', `${bus.epoch}-999999`), null);
    assert.equal(bus.since('a', 'garbage'), null);
  });

  it('keeps a bounded buffer per interview and says so when the id is older than it', () => {
    const bus = new PanelEventBus();
    const first = bus.publish('a', 'progress');
    const second = bus.publish('a', 'progress');
    for (let i = 0; i < BUFFER_PER_INTERVIEW; i++) bus.publish('a', 'progress');
    assert.equal(bus.since('a', first.id), null);
    assert.equal(bus.since('a', second.id)!.length, BUFFER_PER_INTERVIEW);
  });

  it('restricts events addressed to named users', () => {
    const bus = new PanelEventBus();
    const e = bus.publish('a', 'saved', { value: 3 }, { to: ['u1'] });
    assert.equal(deliverableTo(e, 'u1'), true);
    assert.equal(deliverableTo(e, 'u2'), false);
    assert.equal(deliverableTo(bus.publish('a', 'progress'), 'u2'), true);
  });
});
