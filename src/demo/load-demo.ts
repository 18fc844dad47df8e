/**
 * Loads the demo into an empty database: the seed library, the demo accounts, the Customer Service
 * Representative position with its question bank and published guide, six candidates, four
 * interviews at every phase and references in every state, all through the product's services as
 * the people in the story would have clicked through them (see demo-clock.ts for the dates).
 *
 * It refuses any database that already has users or positions, before writing anything: the demo
 * never mixes with real data.
 */
import { loadSeeds } from '../../seeds/load.js';
import type { Config } from '../config/env.js';
import type { Mailer } from '../lib/mailer.js';
import { candidateForm } from '../features/candidates/candidates.schemas.js';
import { addCandidate, changeStage } from '../features/candidates/candidates.service.js';
import { Position } from '../features/positions/position.model.js';
import { User, type UserDoc } from '../features/users/user.model.js';
import { createUser } from '../features/users/users.service.js';
import { demoClock } from './demo-clock.js';
import { buildInterviews } from './demo-interviews.js';
import { DemoMarker } from './demo-marker.model.js';
import {
  DEMO_CANDIDATES,
  DEMO_PASSWORD,
  DEMO_USERS,
  type DemoCandidateKey,
  type DemoUserKey,
} from './demo-people.js';
import { buildPosition } from './demo-position.js';
import { buildReferences } from './demo-references.js';
import { parsed, type DemoStory } from './demo-story.js';
import { tourOf, type TourStop } from './demo-tour.js';

export type DemoState = 'empty' | 'demo' | 'data';

/** `demo`: the demo is loaded; `data`: users or positions that are not (only) the demo; else empty. */
export async function demoState(): Promise<DemoState> {
  if (await DemoMarker.exists({ _id: 'demo' })) return 'demo';
  const used = (await User.exists({})) || (await Position.exists({}));
  return used ? 'data' : 'empty';
}

/** Where the data lives, in words, for messages. */
export const whereOf = (config: Partial<Pick<Config, 'dataDir' | 'mongodbUri'>>) =>
  config.mongodbUri
    ? 'The MONGODB_URI database'
    : config.dataDir
      ? `The data directory ${config.dataDir}`
      : 'This database';

export class DemoRefusedError extends Error {
  constructor(
    readonly state: Exclude<DemoState, 'empty'>,
    where = 'This database',
  ) {
    super(
      state === 'demo'
        ? `${where} already holds the demo. Explore it with \`npm start -- --demo\` (same DATA_DIR), or load it afresh into a new directory: DATA_DIR=./demo-data npm run demo`
        : `${where} already has data (users or positions). The demo is only loaded into an empty one, so it never mixes with real data. Use a fresh directory: DATA_DIR=./demo-data npm start -- --demo (or DATA_DIR=./demo-data npm run demo to load it without starting the app).`,
    );
  }
}

export interface DemoDeps {
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'orgName' | 'references'> &
    Partial<Pick<Config, 'dataDir' | 'mongodbUri'>>;
  /** "Today" in the story (default: now). */
  now?: Date;
}

export interface DemoSummary {
  users: typeof DEMO_USERS;
  password: string;
  tour: TourStop[];
}

async function createUsers(): Promise<Record<DemoUserKey, UserDoc>> {
  const users = {} as Record<DemoUserKey, UserDoc>;
  for (const u of DEMO_USERS)
    users[u.key] = await createUser({
      email: u.email,
      name: u.name,
      roles: u.roles,
      password: DEMO_PASSWORD,
    });
  return users;
}

/** Candidates as the two managers added them, with the stage changes made before any interview. */
async function addCandidates(s: Omit<DemoStory, 'candidates'>) {
  const { clock, users } = s;
  const added: [DemoCandidateKey, number, 'owner' | 'colleague'][] = [
    ['maria', -16, 'owner'],
    ['james', -15, 'owner'],
    ['aisha', -15, 'colleague'],
    ['priya', -13, 'colleague'],
    ['daniel', -12, 'owner'],
    ['tom', -4, 'colleague'],
  ];
  const ids = {} as Record<DemoCandidateKey, string>;
  for (const [key, day, by] of added) {
    const input = parsed('candidate', candidateForm.safeParse(DEMO_CANDIDATES[key]));
    const c = await clock.at(clock.day(day, 10, 30), () => addCandidate(s.positionId, input, users[by]));
    ids[key] = String(c._id);
  }
  await clock.at(clock.day(-9, 14), () =>
    changeStage(
      s.positionId,
      ids.aisha,
      { stage: 'withdrawn', note: 'Accepted another offer; withdrew by email before the interviews.' },
      users.colleague,
    ),
  );
  return ids;
}

export async function loadDemo(deps: DemoDeps): Promise<DemoSummary> {
  const state = await demoState();
  if (state !== 'empty') throw new DemoRefusedError(state, whereOf(deps.config));
  await loadSeeds();
  const clock = demoClock(deps.now);
  const users = await clock.at(clock.day(-30, 9), createUsers);
  const { positionId, guideId } = await buildPosition(clock, users.owner, users.colleague.email);
  const base = {
    clock,
    users,
    positionId,
    guideId,
    mailer: deps.mailer,
    baseUrl: deps.config.baseUrl,
    orgName: deps.config.orgName,
    references: deps.config.references,
  };
  const story: DemoStory = { ...base, candidates: await addCandidates(base) };
  const interviews = await buildInterviews(story);
  await buildReferences(story);
  await clock.settle();
  const tour = tourOf(story, interviews);
  await DemoMarker.create({ _id: 'demo', loadedAt: clock.now, tour });
  return { users: DEMO_USERS, password: DEMO_PASSWORD, tour };
}
