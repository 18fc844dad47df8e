import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import {
  formatDay,
  formatTime,
  isTimeZone,
  localTimeToUtc,
  organisationTimeZone,
  utcToLocalInput,
  zoneFor,
} from '../../src/lib/format-time.js';
import { isMeetingLink } from '../../src/lib/meeting-link.js';

describe('format-time: date-times in people’s zones', () => {
  const at = new Date('2026-12-08T13:00:00Z');

  it('when an instant is formatted, then it is the wall-clock time of the zone, with the zone named', () => {
    assert.equal(formatTime(at, 'Europe/Paris'), 'Tue 8 Dec 2026, 14:00 (Europe/Paris)');
    assert.equal(formatTime(at, 'UTC'), 'Tue 8 Dec 2026, 13:00 (UTC)');
    assert.equal(formatTime(at, 'Asia/Kolkata'), 'Tue 8 Dec 2026, 18:30 (Asia/Kolkata)');
    assert.equal(
      formatTime(new Date('2026-12-08T23:30:00Z'), 'Asia/Tokyo'),
      'Wed 9 Dec 2026, 08:30 (Asia/Tokyo)',
    );
    assert.equal(formatDay(new Date('2026-12-08T23:30:00Z'), 'Asia/Tokyo'), '9 Dec 2026');
    assert.equal(formatDay(new Date('2026-12-08T23:30:00Z'), 'America/Los_Angeles'), '8 Dec 2026');
  });

  it('when a datetime-local value is read in a zone, then it gives the UTC instant, and back', () => {
    const r = localTimeToUtc('2026-12-08T14:00', 'Europe/Paris');
    assert.deepEqual(r, { ok: true, date: at, ambiguous: false });
    assert.equal(utcToLocalInput(at, 'Europe/Paris'), '2026-12-08T14:00');
    const summer = localTimeToUtc('2026-07-01T09:15', 'America/New_York');
    assert.ok(summer.ok && summer.date.toISOString() === '2026-07-01T13:15:00.000Z');
    const seconds = localTimeToUtc(' 2026-07-01T09:15:30 ', 'UTC');
    assert.ok(seconds.ok && seconds.date.toISOString() === '2026-07-01T09:15:30.000Z');
  });

  it('when the local time is skipped or repeated by a daylight-saving change, then it is refused, or read as the earlier instant', () => {
    assert.deepEqual(localTimeToUtc('2026-03-29T02:30', 'Europe/Paris'), {
      ok: false,
      reason: 'nonexistent',
    });
    assert.deepEqual(localTimeToUtc('2026-03-08T02:00', 'America/New_York'), {
      ok: false,
      reason: 'nonexistent',
    });
    const twice = localTimeToUtc('2026-10-25T02:30', 'Europe/Paris');
    assert.ok(twice.ok && twice.ambiguous && twice.date.toISOString() === '2026-10-25T00:30:00.000Z');
    const ny = localTimeToUtc('2026-11-01T01:30', 'America/New_York');
    assert.ok(ny.ok && ny.ambiguous && ny.date.toISOString() === '2026-11-01T05:30:00.000Z');
    // Either side of the change is ordinary.
    const after = localTimeToUtc('2026-03-29T03:00', 'Europe/Paris');
    assert.ok(after.ok && !after.ambiguous && after.date.toISOString() === '2026-03-29T01:00:00.000Z');
  });

  it('when the value is not a real date-time, then it is malformed', () => {
    for (const v of [
      '',
      'next tuesday',
      '2026-02-30T10:00',
      '2026-13-01T10:00',
      '2026-12-08 14:00',
      '2026-12-08T24:00',
      '2026-12-08T14:60',
      '1969-12-31T23:00',
    ])
      assert.deepEqual(localTimeToUtc(v, 'UTC'), { ok: false, reason: 'malformed' }, v);
  });

  it('when a user has a zone, then it is theirs; without one, or with an unknown one, the organisation’s', () => {
    assert.equal(zoneFor({ timeZone: 'Europe/Oslo' }), 'Europe/Oslo');
    assert.equal(zoneFor({ timeZone: '' }), organisationTimeZone());
    assert.equal(zoneFor({ timeZone: 'Mars/Base' }), organisationTimeZone());
    assert.equal(zoneFor(null), organisationTimeZone());
    assert.ok(
      isTimeZone('UTC') && isTimeZone('Europe/Paris') && isTimeZone('America/Argentina/Buenos_Aires'),
    );
    // Aliases the runtime resolves are accepted, whichever name its list happens to use.
    assert.ok(isTimeZone('Asia/Kolkata') && isTimeZone('Asia/Calcutta'));
    for (const bad of ['utc ', 'Europe/Nowhere', '+01:00', 'Etc/GMT+1/x/y', 42, null])
      assert.ok(!isTimeZone(bad), String(bad));
  });

  it('when TIME_ZONE is set, then a known IANA name is kept and anything else refused with an example', () => {
    assert.equal(loadConfig({ DATA_DIR: '/tmp/cfg-tz', SESSION_SECRET: 'x'.repeat(32) }).timeZone, 'UTC');
    assert.equal(
      loadConfig({ DATA_DIR: '/tmp/cfg-tz', SESSION_SECRET: 'x'.repeat(32), TIME_ZONE: 'Europe/Paris' })
        .timeZone,
      'Europe/Paris',
    );
    assert.throws(
      () => loadConfig({ DATA_DIR: '/tmp/cfg-tz', SESSION_SECRET: 'x'.repeat(32), TIME_ZONE: 'CET+1' }),
      (e: Error) =>
        e instanceof ConfigError &&
        /TIME_ZONE: must be an IANA time zone name such as Europe\/Paris/.test(e.message),
    );
  });

  it('when instants are formatted again (texts are remembered), then each zone, kind and instant keeps its own text, and a bad date is still refused', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(formatTime(at, 'Europe/Paris'), 'Tue 8 Dec 2026, 14:00 (Europe/Paris)');
      assert.equal(formatTime(at, 'Asia/Kolkata'), 'Tue 8 Dec 2026, 18:30 (Asia/Kolkata)');
      assert.equal(formatDay(at, 'Pacific/Kiritimati'), '9 Dec 2026');
      assert.equal(formatDay(at, 'Pacific/Pago_Pago'), '8 Dec 2026');
      assert.equal(formatTime(new Date(at.getTime() + 60_000), 'UTC'), 'Tue 8 Dec 2026, 13:01 (UTC)');
      assert.throws(() => formatTime(new Date('not a date'), 'UTC'), RangeError);
    }
    // More distinct instants than are kept: the oldest are formatted again, still right.
    for (let i = 0; i < 6000; i++) formatDay(new Date(at.getTime() + i * 86_400_000), 'UTC');
    assert.equal(formatTime(at, 'Europe/Paris'), 'Tue 8 Dec 2026, 14:00 (Europe/Paris)');
  });
});

describe('meeting links', () => {
  it('when a location is a whole http(s) URL, then it is a link; rooms, other schemes and text around a URL are not', () => {
    for (const v of [
      'https://meet.example.org/abc',
      'http://zoom.example.com/j/1?pwd=x',
      ' https://teams.example.com/l ',
    ])
      assert.ok(isMeetingLink(v), v);
    for (const v of [
      'Room 4.12',
      'javascript:alert(1)',
      'ftp://files.example.org',
      'Room 2, https://x.example.org',
      'https://',
      '',
      null,
    ])
      assert.ok(!isMeetingLink(v), String(v));
  });
});
