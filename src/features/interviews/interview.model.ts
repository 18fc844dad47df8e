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

const panelistSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    role: { type: String, enum: PANEL_ROLES, required: true },
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
    status: { type: String, enum: INTERVIEW_STATUSES, default: 'scheduled', required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    cancelledAt: Date,
    cancelledBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
// A panelist's upcoming interviews (home page), a position's and a candidate's interviews.
interviewSchema.index({ 'panel.user': 1, scheduledAt: 1 });
interviewSchema.index({ position: 1, scheduledAt: 1 });
interviewSchema.index({ candidate: 1, scheduledAt: 1 });

export type InterviewFields = InferSchemaType<typeof interviewSchema>;
export type InterviewDoc = HydratedDocument<InterviewFields>;
export const Interview = mongoose.model('Interview', interviewSchema);
