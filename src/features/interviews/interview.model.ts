import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const INTERVIEW_STATUSES = ['scheduled', 'in-progress', 'complete', 'cancelled'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export const STATUS_LABELS: Record<InterviewStatus, string> = {
  scheduled: 'Scheduled',
  'in-progress': 'In progress',
  complete: 'Complete',
  cancelled: 'Cancelled',
};
export const PANEL_ROLES = ['chair', 'member'] as const;
export type PanelRole = (typeof PANEL_ROLES)[number];
export const PANEL_ROLE_LABELS: Record<PanelRole, string> = { chair: 'Chair', member: 'Panel member' };
export const MIN_PANEL = 2;
export const MAX_PANEL = 4;

export const RECOMMENDATIONS = ['highly-recommended', 'recommended', 'not-recommended'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  'highly-recommended': 'Highly recommended',
  recommended: 'Recommended',
  'not-recommended': 'Not recommended',
};

const panelistSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    role: { type: String, enum: PANEL_ROLES, required: true },
    /** When this panelist submitted their independent ratings; from then on those are locked. */
    submittedAt: Date,
    /** When this panelist signed off the consensus (cleared when the consensus changes). */
    signedOffAt: Date,
  },
  { _id: false },
);

/** The chair's consensus rating of one guide section (one competency), with the rationale. */
const consensusSchema = new Schema(
  {
    section: { type: String, required: true },
    competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
    value: { type: Number, required: true },
    rationale: { type: String, required: true, trim: true, maxlength: 5000 },
    by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * An interview of one candidate on a frozen, published guide version (`guide` + `guideVersion`),
 * so every candidate of a position meets the same questions in the same order.
 */
const interviewSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
    candidate: { type: Schema.Types.ObjectId, ref: 'Candidate', required: true },
    guide: { type: Schema.Types.ObjectId, ref: 'Guide', required: true },
    guideVersion: { type: Number, required: true, min: 1 },
    panel: {
      type: [panelistSchema],
      validate: {
        validator: (p: { user: unknown; role: string }[]) =>
          p.length >= MIN_PANEL &&
          p.length <= MAX_PANEL &&
          p.filter((x) => x.role === 'chair').length === 1 &&
          new Set(p.map((x) => String(x.user))).size === p.length,
        message: 'A panel has 2 to 4 distinct panelists, exactly one of them the chair.',
      },
    },
    scheduledAt: { type: Date, required: true },
    /** A place or a video link, as the scheduler typed it. */
    location: { type: String, required: true, trim: true, maxlength: 500 },
    /** The calendar invitation's SEQUENCE: bumped by every reschedule or panel change. */
    calendarSequence: { type: Number, default: 0, min: 0 },
    /** The candidate was emailed the invitation: they get the calendar's updates and cancellation too. */
    candidateInvited: { type: Boolean, default: false },
    /** When it was last moved (reschedule), so the page can say so. */
    rescheduledAt: Date,
    status: { type: String, enum: INTERVIEW_STATUSES, default: 'scheduled', required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    cancelledAt: Date,
    cancelledBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** The first rating saved (the status turns in-progress). */
    startedAt: Date,
    /** When the last panelist submitted: from then on the panel sees every rating (consensus step). */
    revealedAt: Date,
    consensus: { type: [consensusSchema], default: [] },
    /**
     * Bumped by every consensus or recommendation change: a sign-off names the revision it saw, so
     * nobody signs off a consensus that changed under them. A change clears the sign-offs.
     */
    consensusRev: { type: Number, default: 0 },
    recommendation: {
      value: { type: String, enum: RECOMMENDATIONS },
      rationale: { type: String, trim: true, maxlength: 5000 },
      by: { type: Schema.Types.ObjectId, ref: 'User' },
      at: Date,
    },
    /** When the last panelist signed off: the interview is complete and locked. */
    completedAt: Date,
  },
  { timestamps: true },
);
// A panelist's upcoming interviews (home page), a position's and a candidate's interviews.
interviewSchema.index({ 'panel.user': 1, scheduledAt: 1 });
interviewSchema.index({ position: 1, scheduledAt: 1 });
interviewSchema.index({ candidate: 1, scheduledAt: 1 });
// The dashboard's, ranking's and comparison's completed interviews of a position.
interviewSchema.index({ position: 1, status: 1 });
// The results summaries fold in the interviews changed since their last build (candidate-results.ts).
interviewSchema.index({ position: 1, updatedAt: 1 });
// Agreement per panel for admins: the most recent complete interviews across positions
// (`{ status: 'complete' }` sorted by completedAt descending, limited).
interviewSchema.index({ status: 1, completedAt: -1 });

export type InterviewFields = InferSchemaType<typeof interviewSchema>;
export type InterviewDoc = HydratedDocument<InterviewFields>;
export const Interview = mongoose.model('Interview', interviewSchema);

/**
 * Where an interview stands: `scoring` until every panelist has submitted, `consensus` until every
 * panelist has signed off, then `complete`; `cancelled` and `scheduled` (nothing saved yet) as named.
 */
export type InterviewPhase = 'scheduled' | 'scoring' | 'consensus' | 'complete' | 'cancelled';
export function phaseOf(i: {
  status: string;
  revealedAt?: Date | null;
  startedAt?: Date | null;
}): InterviewPhase {
  if (i.status === 'cancelled') return 'cancelled';
  if (i.status === 'complete') return 'complete';
  if (i.revealedAt) return 'consensus';
  return i.startedAt ? 'scoring' : 'scheduled';
}
