/** What every part of the demo story shares: the clock, the people, the position and the mail. */
import type { Mailer } from '../lib/mailer.js';
import type { UserDoc } from '../features/users/user.model.js';
import type { DemoClock } from './demo-clock.js';
import type { DemoCandidateKey, DemoUserKey } from './demo-people.js';

export interface DemoStory {
  clock: DemoClock;
  users: Record<DemoUserKey, UserDoc>;
  positionId: string;
  guideId: string;
  candidates: Record<DemoCandidateKey, string>;
  mailer: Mailer;
  baseUrl: string;
  orgName: string;
  references: { linkDays: number; reminderDays: number[] };
}

/** Fails loudly: a demo that cannot be built exactly as a person would is not loaded half-built. */
export function parsed<T>(
  what: string,
  result: { success: true; data: T } | { success: false; error: { message: string } },
): T {
  if (!result.success) throw new Error(`demo: the ${what} form was refused: ${result.error.message}`);
  return result.data;
}
