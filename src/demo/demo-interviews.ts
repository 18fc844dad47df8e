/**
 * The demo's interviews, each played through the services a panel uses: scheduled by the hiring
 * manager, rated and submitted by each panelist independently, then (for two of them) the consensus
 * step on the panel board. One is complete, one at consensus, one being scored, one still ahead.
 */
import { changeStage } from '../features/candidates/candidates.service.js';
import { scheduleForm } from '../features/interviews/interviews.schemas.js';
import { scheduleInterview } from '../features/interviews/interviews.service.js';
import { panelContext } from '../features/interviews/panel-context.js';
import {
  changeOwnRating,
  recordConsensus,
  recordRecommendation,
  signOff,
} from '../features/panel/consensus.service.js';
import { consensusForm, ratingChangeForm, recommendationForm } from '../features/panel/panel.schemas.js';
import { submitRatings } from '../features/scoring/rating-submit.service.js';
import { pointsOf, ratingBody } from '../features/scoring/scoring.schemas.js';
import { saveRating, scoringContext } from '../features/scoring/scoring.service.js';
import type { DemoCandidateKey, DemoUserKey } from './demo-people.js';
import {
  JAMES,
  JAMES_CONSENSUS,
  MARIA,
  MARIA_CHANGE,
  MARIA_CONSENSUS,
  MARIA_RECOMMENDATION,
  PRIYA,
  panelOf,
  type Score,
} from './demo-scores.js';
import { parsed, type DemoStory } from './demo-story.js';

const CITY_HALL = 'Room 4.12, City Hall, 200 Main Street';

async function schedule(
  s: DemoStory,
  candidate: DemoCandidateKey,
  when: { on: Date; at: Date },
  panel: { key: DemoUserKey; role: 'chair' | 'member' }[],
  location: string,
): Promise<string> {
  // Validated as the schedule form was on the day it was sent (the time was then in the future).
  const input = parsed(
    'schedule',
    scheduleForm('UTC', when.on).safeParse({
      candidate: s.candidates[candidate],
      panel: panel.map((p) => ({ user: String(s.users[p.key]._id), role: p.role })),
      scheduledAt: when.at.toISOString().slice(0, 16),
      location,
    }),
  );
  const interview = await s.clock.at(when.on, () =>
    scheduleInterview(s.positionId, input, s.users.owner, { mailer: s.mailer, baseUrl: s.baseUrl }),
  );
  return String(interview._id);
}

/** One panelist's autosaves, section by section, as the scoring page sends them. */
async function rate(s: DemoStory, interviewId: string, who: DemoUserKey, scores: Score[], at: Date) {
  await s.clock.at(at, async () => {
    const ctx = await scoringContext(interviewId, s.users[who]);
    for (const [i, [value, note]] of scores.entries()) {
      const body = { ...(value === null ? {} : { value }), ...(note ? { note } : {}) };
      const input = parsed('rating', ratingBody(pointsOf(ctx.guide)).safeParse(body));
      await saveRating(ctx, ctx.guide.sections[i].id, input);
    }
  });
}

async function rateAndSubmit(s: DemoStory, interviewId: string, who: DemoUserKey, scores: Score[], at: Date) {
  await rate(s, interviewId, who, scores, at);
  await s.clock.at(s.clock.plus(at, 4), async () =>
    submitRatings(await scoringContext(interviewId, s.users[who])),
  );
}

async function consensus(s: DemoStory, interviewId: string, chair: DemoUserKey, entries: [number, Score][]) {
  for (const [i, [value, rationale]] of entries) {
    const ctx = await panelContext(interviewId, s.users[chair]);
    const input = parsed('consensus', consensusForm.safeParse({ value: String(value), rationale }));
    await recordConsensus(ctx, ctx.guide.sections[i].id, input, s.users[chair]._id);
  }
}

/** Maria Gonzalez: rated, one rating revised in discussion, full consensus, signed off: complete. */
async function mariaInterview(s: DemoStory, id: string, start: Date) {
  const { clock, users } = s;
  await rateAndSubmit(s, id, 'sam', MARIA.sam, clock.plus(start, 50));
  await rateAndSubmit(s, id, 'linda', MARIA.linda, clock.plus(start, 53));
  await rateAndSubmit(s, id, 'rafael', MARIA.rafael, clock.plus(start, 58));
  await clock.at(clock.plus(start, 80), async () => {
    const ctx = await panelContext(id, users[MARIA_CHANGE.seat]);
    const input = parsed(
      'rating change',
      ratingChangeForm.safeParse({ value: String(MARIA_CHANGE.value), why: MARIA_CHANGE.why }),
    );
    await changeOwnRating(ctx, ctx.guide.sections[MARIA_CHANGE.competency].id, input, users.rafael._id);
  });
  await clock.at(clock.plus(start, 85), () =>
    consensus(
      s,
      id,
      'sam',
      MARIA_CONSENSUS.map((c, i) => [i, c]),
    ),
  );
  await clock.at(clock.plus(start, 100), async () => {
    const input = parsed(
      'recommendation',
      recommendationForm.safeParse({ value: 'highly-recommended', rationale: MARIA_RECOMMENDATION }),
    );
    await recordRecommendation(await panelContext(id, users.sam), input, users.sam._id);
  });
  for (const [k, who] of (['sam', 'linda', 'rafael'] as const).entries())
    await clock.at(clock.plus(start, 105 + 3 * k), async () => {
      const ctx = await panelContext(id, users[who]);
      await signOff(ctx, ctx.interview.consensusRev ?? 0, users[who]._id);
    });
}

/** The four interviews; answers their ids. */
export async function buildInterviews(s: DemoStory) {
  const { clock } = s;
  const mariaAt = clock.day(-3, 10);
  const jamesAt = clock.day(-1, 14);
  // Under way right now: it started an hour and a half ago (on a five-minute mark).
  const priyaAt = new Date(Math.floor((clock.now.getTime() - 90 * 60_000) / 300_000) * 300_000);
  const danielAt = clock.day(1, 10);

  const maria = await schedule(
    s,
    'maria',
    { on: clock.day(-10, 11), at: mariaAt },
    panelOf('sam', 'linda', 'rafael'),
    CITY_HALL,
  );
  const james = await schedule(
    s,
    'james',
    { on: clock.day(-8, 15), at: jamesAt },
    panelOf('linda', 'sam', 'hannah'),
    'Video call: https://meet.example.org/csr-panel',
  );
  const priya = await schedule(
    s,
    'priya',
    { on: clock.day(-6, 9), at: priyaAt },
    panelOf('sam', 'rafael', 'hannah'),
    CITY_HALL,
  );

  await mariaInterview(s, maria, mariaAt);
  await clock.at(clock.day(-2, 9), () =>
    changeStage(
      s.positionId,
      s.candidates.maria,
      {
        stage: 'references',
        note: 'Panel consensus: highly recommended. Checking references before an offer.',
      },
      s.users.owner,
    ),
  );

  const daniel = await schedule(
    s,
    'daniel',
    { on: clock.day(-2, 16), at: danielAt },
    panelOf('linda', 'hannah', 'rafael'),
    'Room 2.14, City Hall, 200 Main Street',
  );

  // James Okafor: everyone has submitted; the chair has agreed two competencies so far.
  await rateAndSubmit(s, james, 'linda', JAMES.linda, clock.plus(jamesAt, 50));
  await rateAndSubmit(s, james, 'sam', JAMES.sam, clock.plus(jamesAt, 52));
  await rateAndSubmit(s, james, 'hannah', JAMES.hannah, clock.plus(jamesAt, 56));
  await clock.at(clock.plus(jamesAt, 75), () => consensus(s, james, 'linda', JAMES_CONSENSUS));

  // Priya Raman: Rafael has submitted; Sam and Hannah are part-way through.
  await rateAndSubmit(s, priya, 'rafael', PRIYA.rafael, clock.plus(priyaAt, 50));
  await rate(s, priya, 'sam', PRIYA.sam, clock.plus(priyaAt, 58));
  await rate(s, priya, 'hannah', PRIYA.hannah, clock.plus(priyaAt, 62));

  return { maria, james, priya, daniel };
}
