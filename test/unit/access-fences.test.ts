import assert from 'node:assert/strict';
import { AccessFences, FENCE_MS, type AccessMarker } from '../../src/live/access-fences.js';
import type { PanelEvent } from '../../src/live/event-types.js';

let seq = 0;
const marker = (data: Partial<AccessMarker> | Record<string, unknown>): PanelEvent => ({
  id: `e-${++seq}`,
  seq,
  interview: 'access',
  type: 'access',
  data,
});
const begin = (users: string[], token: string) => marker({ users, token, phase: 'begin' });
const end = (users: string[], token: string) => marker({ users, token, phase: 'end' });

describe('access fences (when an open live stream must check its viewer again)', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('when no marker concerns the viewer, then no check is owed, however many events pass', () => {
    const fences = new AccessFences(clock);
    const watch = fences.watch('ann');
    fences.delivered(begin(['bob'], 't1'));
    fences.delivered(end(['bob'], 't1'));
    assert.equal(watch.needsCheck(), false);
  });

  it('when a change of the viewer begins, then every batch is checked until it ends, and once more after its end', () => {
    const fences = new AccessFences(clock);
    const watch = fences.watch('ann');
    fences.delivered(begin(['ann', 'bob'], 't1'));
    assert.equal(watch.needsCheck(), true);
    watch.checking();
    assert.equal(watch.needsCheck(), true, 'still under way: each batch checks');
    fences.delivered(end(['ann', 'bob'], 't1'));
    assert.equal(watch.needsCheck(), true, 'the check after the end sees the change');
    watch.checking();
    assert.equal(watch.needsCheck(), false);
    assert.deepEqual(fences.size, { open: 0, watched: 1 });
  });

  it('when a stream starts watching while a change is under way, then it checks (it missed the begin)', () => {
    const fences = new AccessFences(clock);
    fences.delivered(begin(['ann'], 't1'));
    const late = fences.watch('ann');
    late.checking();
    assert.equal(late.needsCheck(), true);
  });

  it('when a marker arrives while a check runs, then another check is owed after it', () => {
    const fences = new AccessFences(clock);
    const watch = fences.watch('ann');
    fences.delivered(end(['ann'], 'lone'));
    watch.checking(); // the check's reads start here
    fences.delivered(end(['ann'], 'later'));
    assert.equal(watch.needsCheck(), true);
  });

  it('when a change never ends (its process died), then its users are checked for FENCE_MS and once after', () => {
    const fences = new AccessFences(clock);
    const watch = fences.watch('ann');
    fences.delivered(begin(['ann'], 't1'), now);
    watch.checking();
    now += FENCE_MS - 1;
    assert.equal(watch.needsCheck(), true);
    now += 2;
    assert.equal(watch.needsCheck(), true, 'the overdue change is dropped after one more check');
    watch.checking();
    assert.equal(watch.needsCheck(), false);
    assert.equal(fences.size.open, 0);
  });

  it('when the bus skips a number or a marker is malformed, then every stream checks each batch for FENCE_MS', () => {
    const fences = new AccessFences(clock);
    const a = fences.watch('ann');
    const b = fences.watch('bob');
    fences.blind();
    for (const w of [a, b]) {
      w.checking();
      assert.equal(w.needsCheck(), true);
    }
    now += FENCE_MS + 1;
    for (const w of [a, b]) assert.equal(w.needsCheck(), false);
    fences.delivered(marker({ users: 'ann' }));
    assert.equal(a.needsCheck(), true);
    assert.equal(b.needsCheck(), true);
  });

  it('when a stream stops, then its viewer is no longer watched', () => {
    const fences = new AccessFences(clock);
    const one = fences.watch('ann');
    const two = fences.watch('ann');
    one.stop();
    assert.equal(fences.size.watched, 1);
    two.stop();
    assert.equal(fences.size.watched, 0);
  });
});
