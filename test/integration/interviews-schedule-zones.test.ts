/**
 * Schedules across time zones (issue 17, item 5): the form's datetime-local value is read in the
 * scheduler's zone, each panelist's mail shows the time in theirs, the calendar invitation
 * (parsed back with ical.js from the message the real SMTP server received) carries the instant,
 * the panel and a stable UID, and a reschedule updates it (higher SEQUENCE) and a cancel cancels it.
 */
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { Candidate } from '../../src/features/candidates/candidate.model.js';
import { Interview } from '../../src/features/interviews/interview.model.js';
import { User } from '../../src/features/users/user.model.js';
import { setOrganisationTimeZone } from '../../src/lib/format-time.js';
import { ensureSomeUser, login, loginAs, postForm, TEST_PASSWORD, useTestApp } from '../helpers/app.js';
import { html } from '../helpers/candidate-factories.js';
import { invitationOf } from '../helpers/ics.js';
import {
  interviewsUrl,
  panelists,
  panelOf,
  positionReady,
  schedule,
} from '../helpers/interview-factories.js';
import { csrTemplate } from '../helpers/position-factories.js';

const Y = new Date().getUTCFullYear() + 1;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekday = (y: number, m: number, d: number) => WEEKDAYS[new Date(Date.UTC(y, m, d)).getUTCDay()];
/** The last Sunday of a month (EU clock changes: March forward, October back, at 01:00 UTC). */
const lastSunday = (month: number) => {
  let d = new Date(Date.UTC(Y, month + 1, 0)).getUTCDate();
  while (new Date(Date.UTC(Y, month, d)).getUTCDay() !== 0) d--;
  return d;
};
const two = (n: number) => String(n).padStart(2, '0');

describe('interviews: time zones, calendar invitations, reschedule', function () {
  this.timeout(120_000);
  const t = useTestApp();
  before(async function () {
    this.timeout(60_000);
    await ensureSomeUser();
    await csrTemplate();
  });

  const mailsTo = (email: string, subject: RegExp) =>
    t.smtp.received.filter((m) => m.to.includes(email) && subject.test(m.subject));
  const waitMail = (email: string, subject: RegExp) =>
    t.smtp.waitFor((m) => m.to.includes(email) && subject.test(m.subject));

  /** A manager in Paris schedules 15 January next year, 10:00 Paris (09:00 UTC). */
  async function parisSchedule(
    location = 'https://meet.example.org/zone-test',
    extra: Record<string, string> = {},
  ) {
    const { agent, user: manager } = await loginAs(t.app, ['manager']);
    await User.updateOne({ _id: manager._id }, { $set: { timeZone: 'Europe/Paris' } });
    const ready = await positionReady(agent, { candidate: 'Mary Jackson' });
    const [ny, plain] = await panelists(2, 'Zone panelist');
    await User.updateOne({ _id: ny._id }, { $set: { timeZone: 'America/New_York' } });
    const res = await schedule(agent, ready.positionId, {
      candidate: ready.candidateId,
      panel: panelOf([ny, plain]),
      scheduledAt: `${Y}-01-15T10:00`,
      location,
      ...extra,
    } as Parameters<typeof schedule>[2]);
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    const interview = (await Interview.findOne({ candidate: ready.candidateId }).lean())!;
    return { agent, manager, ...ready, ny, plain, interview, url: res.headers.location as string };
  }

  it('when a manager in Paris schedules, then the time is stored in UTC, each panelist’s mail shows it in their zone and the invitation carries the instant, the panel and the organizer', async () => {
    const s = await parisSchedule();
    const instant = Date.UTC(Y, 0, 15, 9, 0);
    assert.equal(s.interview.scheduledAt.getTime(), instant);

    // The form names the scheduler's zone; the pages show the time in it.
    const form = await s.agent.get(interviewsUrl(s.positionId));
    assert.ok(form.text.includes('Date and time, Europe/Paris time'));
    assert.ok(!form.text.includes('YYYY-MM-DD'), 'no hint that contradicts the picker');
    assert.ok(form.text.includes(`${weekday(Y, 0, 15)} 15 Jan ${Y}, 10:00 (Europe/Paris)`));
    const page = await s.agent.get(s.url);
    assert.ok(page.text.includes(`${weekday(Y, 0, 15)} 15 Jan ${Y}, 10:00 (Europe/Paris)`));

    const nyMail = await waitMail(s.ny.email, /^Interview panel:/);
    assert.ok(
      nyMail.text.includes(`When: ${weekday(Y, 0, 15)} 15 Jan ${Y}, 04:00 (America/New_York)`),
      nyMail.text,
    );
    const plainMail = await waitMail(s.plain.email, /^Interview panel:/);
    assert.ok(plainMail.text.includes(`When: ${weekday(Y, 0, 15)} 15 Jan ${Y}, 09:00 (UTC)`), plainMail.text);

    for (const mail of [nyMail, plainMail]) {
      const ics = invitationOf(mail);
      assert.equal(ics.method, 'REQUEST');
      assert.equal(ics.uid, `interview-${s.interview._id}@localhost`);
      assert.equal(ics.sequence, 0);
      assert.equal(ics.start.getTime(), instant);
      assert.match(ics.startRaw, /DTSTART:\d{8}T090000Z/, 'DTSTART in UTC');
      assert.ok(ics.end.getTime() > instant);
      assert.deepEqual(ics.attendees, [s.ny.email, s.plain.email].map((e) => e.toLowerCase()).sort());
      assert.equal(ics.organizer, s.manager.email.toLowerCase());
      assert.equal(ics.location, 'https://meet.example.org/zone-test');
      assert.equal(ics.url, 'https://meet.example.org/zone-test');
      assert.match(ics.summary, /Mary Jackson/);
      assert.ok(ics.description.includes(`/interviews/${s.interview._id}`));
    }
  });

  it('when the interview is moved and then cancelled, then the panel gets an update with the same UID and a higher SEQUENCE, then a CANCEL', async () => {
    const s = await parisSchedule('Room 2, Town Hall');
    const first = invitationOf(await waitMail(s.ny.email, /^Interview panel:/));
    const octoberBack = lastSunday(9);
    // 02:30 happens twice that night in Paris: the earlier one (still summer time, UTC+2) is taken.
    const res = await postForm(
      s.agent,
      `${s.url}/reschedule`,
      { scheduledAt: `${Y}-10-${two(octoberBack)}T02:30`, location: 'Room 3, Town Hall', why: 'Room booked' },
      s.url,
    );
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    const moved = (await Interview.findById(s.interview._id).lean())!;
    assert.equal(moved.scheduledAt.getTime(), Date.UTC(Y, 9, octoberBack, 0, 30));
    assert.equal(moved.location, 'Room 3, Town Hall');

    for (const who of [s.ny, s.plain]) {
      const mail = await waitMail(who.email, /^Interview moved:/);
      assert.ok(mail.text.includes('Reason given: Room booked'));
      assert.ok(mail.text.includes(`Was: ${weekday(Y, 0, 15)} 15 Jan ${Y}`));
      const ics = invitationOf(mail);
      assert.equal(ics.method, 'REQUEST');
      assert.equal(ics.uid, first.uid);
      assert.ok(ics.sequence > first.sequence, 'a higher SEQUENCE replaces the first invitation');
      assert.equal(ics.start.getTime(), moved.scheduledAt.getTime());
      assert.equal(ics.location, 'Room 3, Town Hall');
    }
    const nyMoved = (await waitMail(s.ny.email, /^Interview moved:/)).text;
    assert.ok(
      nyMoved.includes(
        `Now: ${weekday(Y, 9, octoberBack - 1)} ${octoberBack - 1} Oct ${Y}, 20:30 (America/New_York)`,
      ),
      nyMoved,
    );

    const cancel = await postForm(s.agent, `${s.url}/cancel`, { why: 'Position on hold' }, s.url);
    assert.equal(cancel.status, 303);
    const update = invitationOf(await waitMail(s.ny.email, /^Interview moved:/));
    for (const who of [s.ny, s.plain]) {
      const ics = invitationOf(await waitMail(who.email, /^Interview cancelled:/));
      assert.equal(ics.method, 'CANCEL');
      assert.equal(ics.uid, first.uid);
      assert.equal(ics.status, 'CANCELLED');
      assert.ok(ics.sequence > update.sequence);
      assert.ok(ics.attendees.includes(who.email.toLowerCase()));
    }
  });

  it('when the candidate is to be emailed, then they get the time and place with an invitation naming them, and its update and cancellation; never the panel’s link', async () => {
    const s = await parisSchedule('Room 5, Town Hall', { inviteCandidate: 'on' });
    assert.equal(s.interview.candidateInvited, true);
    const email = (await Candidate.findById(s.candidateId).lean())!.email;
    const invited = await waitMail(email, /^Your interview for/);
    assert.ok(invited.text.includes(`When: ${weekday(Y, 0, 15)} 15 Jan ${Y}, 09:00 (UTC)`), invited.text);
    const ics = invitationOf(invited);
    const panelLink = `${t.config.baseUrl}/interviews/`;
    assert.ok(
      !invited.text.includes(panelLink) && !ics.description.includes(panelLink) && !ics.url,
      'no panel link',
    );
    assert.equal(ics.method, 'REQUEST');
    assert.deepEqual(ics.attendees, [s.ny.email, s.plain.email, email].map((e) => e.toLowerCase()).sort());
    const panelCopy = invitationOf(await waitMail(s.ny.email, /^Interview panel:/));
    assert.equal(panelCopy.uid, ics.uid);
    assert.ok(panelCopy.attendees.includes(email.toLowerCase()));

    const moved = await postForm(
      s.agent,
      `${s.url}/reschedule`,
      { scheduledAt: `${Y}-01-16T10:00`, location: 'Room 5, Town Hall' },
      s.url,
    );
    assert.equal(moved.status, 303);
    const update = invitationOf(await waitMail(email, /has moved/));
    assert.equal(update.uid, ics.uid);
    assert.ok(update.sequence > ics.sequence);
    assert.equal((await postForm(s.agent, `${s.url}/cancel`, {}, s.url)).status, 303);
    const cancelled = invitationOf(await waitMail(email, /is cancelled$/));
    assert.equal(cancelled.method, 'CANCEL');
    assert.ok(cancelled.sequence > update.sequence);

    // Without the box ticked the candidate is not mailed; a value other than a tick is refused.
    const quiet = await parisSchedule('Room 6');
    const quietEmail = (await Candidate.findById(quiet.candidateId).lean())!.email;
    assert.ok(
      !invitationOf(await waitMail(quiet.ny.email, /^Interview panel:/)).attendees.includes(quietEmail),
    );
    assert.equal(t.smtp.received.filter((m) => m.to.includes(quietEmail)).length, 0);
    const bad = await schedule(quiet.agent, quiet.positionId, {
      candidate: quiet.candidateId,
      panel: panelOf([quiet.ny, quiet.plain]),
      inviteCandidate: 'maybe',
    } as Parameters<typeof schedule>[2]);
    assert.equal(bad.status, 422);
    assert.ok(bad.text.includes(html('Tick the box to email the candidate, or leave it empty.')));
  });

  it('when the reschedule form is bad, then 422 names the problem, and nothing is moved or mailed', async () => {
    const s = await parisSchedule();
    const springForward = lastSunday(2);
    const cases: [string, Record<string, string>, string][] = [
      ['no date', { scheduledAt: '' }, 'Enter the date and time.'],
      ['a malformed date', { scheduledAt: '15/01/2030 10:00' }, 'Enter a real date and time'],
      ['an impossible date', { scheduledAt: `${Y}-02-30T10:00` }, 'Enter a real date and time'],
      ['a past date', { scheduledAt: '2020-01-15T10:00' }, 'Choose a date and time in the future'],
      [
        'a time the clocks skip',
        { scheduledAt: `${Y}-03-${two(springForward)}T02:30` },
        `${Y}-03-${two(springForward)} 02:30 does not exist in Europe/Paris`,
      ],
      ['no place', { location: ' ' }, 'Enter the place or the video link.'],
      ['a place too long', { location: 'x'.repeat(501) }, 'Use at most 500 characters.'],
      ['an unknown field', { admin: 'yes' }, 'Unrecognized key'],
    ];
    for (const [name, body, message] of cases) {
      const res = await postForm(
        s.agent,
        `${s.url}/reschedule`,
        { scheduledAt: `${Y}-02-01T10:00`, location: 'Room 9', ...body },
        s.url,
      );
      assert.equal(res.status, 422, name);
      assert.ok(res.text.includes(html(message)), `${name}: ${message}`);
    }
    const kept = (await Interview.findById(s.interview._id).lean())!;
    assert.equal(kept.scheduledAt.getTime(), s.interview.scheduledAt.getTime());
    assert.equal(kept.calendarSequence, 0);
    assert.equal(mailsTo(s.ny.email, /^Interview moved:/).length, 0);
  });

  it('when others try to move an interview, or scoring has started, then 403, a sign-in or 409, and it stays', async () => {
    const s = await parisSchedule();
    const body = { scheduledAt: `${Y}-02-01T10:00`, location: 'Room 9' };
    const other = (await loginAs(t.app, ['manager'])).agent;
    assert.equal((await postForm(other, `${s.url}/reschedule`, body)).status, 403);
    const panelist = supertest.agent(t.app);
    await login(panelist, s.ny.email, TEST_PASSWORD);
    assert.equal((await postForm(panelist, `${s.url}/reschedule`, body)).status, 403);
    const anonymous = await supertest(t.app).post(`${s.url}/reschedule`).type('form').send(body);
    assert.ok([302, 303, 403].includes(anonymous.status), `anonymous: ${anonymous.status}`);

    await Interview.updateOne(
      { _id: s.interview._id },
      { $set: { startedAt: new Date(), status: 'in-progress' } },
    );
    const late = await postForm(s.agent, `${s.url}/reschedule`, body, s.url);
    assert.equal(late.status, 409);
    assert.ok(late.text.includes('nobody has started scoring'));
    const kept = (await Interview.findById(s.interview._id).lean())!;
    assert.equal(kept.scheduledAt.getTime(), s.interview.scheduledAt.getTime());
    assert.ok(!(await s.agent.get(s.url)).text.includes('/reschedule'), 'no form once scoring started');
  });

  it('when the location is a meeting link, then it is a link (noopener noreferrer) on every page; other text stays text', async () => {
    const s = await parisSchedule('https://meet.example.org/room?x=1&y=2');
    const anchor = `<a href="${html('https://meet.example.org/room?x=1&y=2')}" rel="noopener noreferrer">`;
    assert.ok((await s.agent.get(s.url)).text.includes(anchor), 'interview page');
    assert.ok((await s.agent.get(interviewsUrl(s.positionId))).text.includes(anchor), 'interviews list');
    const panelist = supertest.agent(t.app);
    await login(panelist, s.ny.email, TEST_PASSWORD);
    assert.ok((await panelist.get('/my-interviews')).text.includes(anchor), 'My interviews');
    assert.ok((await panelist.get('/')).text.includes(anchor), 'home page');
    assert.ok((await panelist.get(`/interviews/${s.interview._id}/board`)).text.includes(anchor), 'board');

    const bad = await parisSchedule('javascript:alert(1)');
    const text = (await bad.agent.get(bad.url)).text;
    assert.ok(text.includes('javascript:alert(1)') && !text.includes('href="javascript:'), 'not a link');
  });
});

describe('time zones: the user’s own and the organisation’s', function () {
  this.timeout(60_000);
  const t = useTestApp({ env: { TIME_ZONE: 'Asia/Tokyo' } });
  before(ensureSomeUser);
  // The organisation's zone is process-wide: later suites that build no app expect the default.
  after(() => setOrganisationTimeZone('UTC'));

  it('when a user has no zone, then pages use the organisation’s; when they choose one on their account page, then that one', async () => {
    const { agent, user } = await loginAs(t.app, ['manager']);
    const ready = await positionReady(agent, { candidate: 'Annie Easley' });
    assert.ok(
      (await agent.get(interviewsUrl(ready.positionId))).text.includes('Date and time, Asia/Tokyo time'),
    );

    const account = await agent.get('/account');
    assert.equal(account.status, 200);
    assert.ok(account.text.includes('<option value="Europe/Lisbon">'));
    assert.ok(account.text.includes('The organisation’s zone (Asia/Tokyo)'));

    const saved = await postForm(agent, '/account/time-zone', { timeZone: 'America/Chicago' }, '/account');
    assert.equal(saved.status, 303);
    assert.equal((await User.findById(user._id).lean())!.timeZone, 'America/Chicago');
    assert.ok(
      (await agent.get(interviewsUrl(ready.positionId))).text.includes('Date and time, America/Chicago time'),
    );

    const cleared = await postForm(agent, '/account/time-zone', { timeZone: '' }, '/account');
    assert.equal(cleared.status, 303);
    assert.equal((await User.findById(user._id).lean())!.timeZone, undefined);
  });

  it('when the time zone form is bad, then 422 with the reason and nothing is saved; only admins set another user’s', async () => {
    const { agent, user } = await loginAs(t.app, ['panelist']);
    for (const [body, message] of [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'Choose a time zone from the list'],
      [{}, 'Choose a time zone.'],
      [{ timeZone: 'UTC', extra: '1' }, 'Unrecognized key'],
    ] as const) {
      const res = await postForm(agent, '/account/time-zone', body, '/account');
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(res.text.includes(html(message)), message);
    }
    assert.equal((await User.findById(user._id).lean())!.timeZone, undefined);

    const target = await loginAs(t.app, ['panelist']);
    const url = `/admin/users/${target.user._id}/time-zone`;
    assert.equal((await postForm(agent, url, { timeZone: 'Europe/Oslo' })).status, 403);
    const admin = (await loginAs(t.app, ['admin'])).agent;
    assert.equal((await postForm(admin, url, { timeZone: 'Nowhere/City' })).status, 422);
    assert.equal((await postForm(admin, url, { timeZone: 'Europe/Oslo' })).status, 303);
    assert.equal((await User.findById(target.user._id).lean())!.timeZone, 'Europe/Oslo');
    assert.ok(
      (await admin.get(`/admin/users/${target.user._id}`)).text.includes(
        '<option value="Europe/Oslo" selected>',
      ),
    );
  });
});
