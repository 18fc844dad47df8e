/** Candidates of a position: who may see them, adding, editing and moving them through the stages. */
import { Types } from 'mongoose';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { findPosition, type Actor } from '../positions/positions.service.js';
import { Candidate, STAGE_LABELS, type CandidateDoc, type Stage } from './candidate.model.js';
import type { CandidateInput, StageInput } from './candidates.schemas.js';

export const DUPLICATE_EMAIL = 'A candidate with this email address already exists for this position.';

const oid = (id: string) => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

/** The position, when `user` may see it (positions' own rule: owner, sharers, admins). */
export const positionFor = (positionId: string, user: Actor) => findPosition(positionId, user);

export async function countCandidates(positionId: Types.ObjectId | string): Promise<number> {
  return Candidate.countDocuments({ position: positionId });
}

export async function listCandidates(positionId: string, user: Actor) {
  const position = await positionFor(positionId, user);
  const candidates = await Candidate.find({ position: position._id }).sort({ name: 1, email: 1 }).lean();
  return { position, candidates };
}

export async function findCandidate(positionId: string, candidateId: string, user: Actor) {
  const position = await positionFor(positionId, user);
  const _id = oid(candidateId);
  const candidate = _id ? await Candidate.findOne({ _id, position: position._id }) : null;
  if (!candidate) throw new NotFoundError('There is no such candidate for this position.');
  return { position, candidate };
}

const isDuplicate = (e: unknown) => (e as { code?: number })?.code === 11000;
const duplicate = () => new ConflictError(DUPLICATE_EMAIL, { email: DUPLICATE_EMAIL });

export async function addCandidate(positionId: string, input: CandidateInput, user: Actor) {
  const position = await positionFor(positionId, user);
  if (await Candidate.exists({ position: position._id, email: input.email })) throw duplicate();
  try {
    return await Candidate.create({ ...input, position: position._id, createdBy: user._id });
  } catch (e) {
    if (isDuplicate(e)) throw duplicate();
    throw e;
  }
}

export async function updateCandidate(
  positionId: string,
  candidateId: string,
  input: CandidateInput,
  user: Actor,
): Promise<CandidateDoc> {
  const { position, candidate } = await findCandidate(positionId, candidateId, user);
  if (
    input.email !== candidate.email &&
    (await Candidate.exists({ position: position._id, email: input.email, _id: { $ne: candidate._id } }))
  )
    throw duplicate();
  candidate.set({ name: input.name, email: input.email, notes: input.notes ?? '' });
  try {
    await candidate.save();
  } catch (e) {
    if (isDuplicate(e)) throw duplicate();
    throw e;
  }
  return candidate;
}

/**
 * Moves a candidate to another stage and appends the change to its history in one update,
 * conditional on the stage it was read in: of two concurrent changes, the second is refused.
 */
export async function changeStage(
  positionId: string,
  candidateId: string,
  input: StageInput,
  user: Actor,
): Promise<CandidateDoc> {
  const { candidate } = await findCandidate(positionId, candidateId, user);
  const from = candidate.stage;
  if (from === input.stage)
    throw new ValidationError(`The candidate is already at the ${STAGE_LABELS[from]} stage.`, {
      stage: `Choose a stage other than ${STAGE_LABELS[from]}.`,
    });
  const change = { from, to: input.stage, at: new Date(), by: user._id, byName: user.name, note: input.note };
  const updated = await Candidate.findOneAndUpdate(
    { _id: candidate._id, stage: from },
    { $set: { stage: input.stage }, $push: { stageHistory: change } },
    { returnDocument: 'after', runValidators: true },
  );
  if (!updated)
    throw new ConflictError('Someone else changed this candidate’s stage meanwhile. Reload and try again.');
  return updated;
}

/**
 * When an interview completes, a candidate still at the Interview stage moves on to `to` (by
 * default Interviewed; CANDIDATE_STAGE_AFTER_INTERVIEW=none keeps the stage), recorded in the
 * stage history as done by the panelist whose sign-off completed it. A candidate a manager has
 * already moved elsewhere (references, offer...) is left where they are.
 */
export async function advanceAfterInterview(
  candidateId: Types.ObjectId,
  to: Stage | null,
  by: { _id: Types.ObjectId; name: string },
  note: string,
): Promise<boolean> {
  if (!to || to === 'interview') return false;
  const change = { from: 'interview', to, at: new Date(), by: by._id, byName: by.name, note };
  const res = await Candidate.updateOne(
    { _id: candidateId, stage: 'interview' },
    { $set: { stage: to }, $push: { stageHistory: change } },
    { runValidators: true },
  );
  return res.modifiedCount === 1;
}
