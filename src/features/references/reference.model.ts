import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const RELATIONSHIPS = ['supervisor', 'peer', 'direct-report', 'client', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  supervisor: 'Supervisor',
  peer: 'Peer',
  'direct-report': 'Direct report',
  client: 'Client',
  other: 'Other',
};

export const REFERENCE_STATUSES = [
  'not-sent',
  'sent',
  'opened',
  'in-progress',
  'submitted',
  'declined',
  'expired',
  'failed',
] as const;
export type ReferenceStatus = (typeof REFERENCE_STATUSES)[number];
export const REFERENCE_STATUS_LABELS: Record<ReferenceStatus, string> = {
  'not-sent': 'Not sent',
  sent: 'Sent',
  opened: 'Opened',
  'in-progress': 'In progress',
  submitted: 'Submitted',
  declined: 'Declined',
  expired: 'Expired',
  failed: 'Failed',
};
/** Statuses in which the reference's link works and reminders may go out. */
export const OPEN_REFERENCE_STATUSES: ReferenceStatus[] = ['sent', 'opened', 'in-progress'];

export const QUESTION_PARTS = ['opening', 'competency', 'closing'] as const;
export type QuestionPart = (typeof QUESTION_PARTS)[number];

/** One question of a sent questionnaire (frozen when sent, so later template edits change nothing). */
const questionSchema = new Schema(
  {
    id: { type: String, required: true },
    part: { type: String, enum: QUESTION_PARTS, required: true },
    competency: { type: Schema.Types.ObjectId, ref: 'Competency' },
    competencyName: String,
    text: { type: String, required: true },
    /** Competency questions are rated on `ratingOptions` and commented; the others are answered in words. */
    rated: { type: Boolean, default: false },
  },
  { _id: false },
);

/** The reference's answer to one question: the option chosen (rated questions) and the words. */
const answerSchema = new Schema(
  {
    question: { type: String, required: true },
    rating: String,
    comment: { type: String, default: '', maxlength: 10_000 },
  },
  { _id: false },
);

/**
 * A reference check: one person asked about one candidate. The link's token is stored only as its
 * SHA-256 (`tokenHash`); `questionnaire` is frozen at the first send; `answers` hold the draft and,
 * once submitted, the answers. `identity` is what the reference confirmed or corrected about
 * themselves (a correction is flagged to the manager). `submission` keeps the IP address and user
 * agent of the submission (fraud signals).
 */
const referenceSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
    candidate: { type: Schema.Types.ObjectId, ref: 'Candidate', required: true },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    phone: { type: String, trim: true, maxlength: 40 },
    relationship: { type: String, enum: RELATIONSHIPS, required: true },
    organization: { type: String, trim: true, maxlength: 200 },
    /** Who named this reference: a manager, or the candidate through a nomination link. */
    source: { type: String, enum: ['manager', 'candidate'], required: true },
    addedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** The hiring-team member's name as it was when they added the reference (shown on the list). */
    addedByName: { type: String, maxlength: 120 },
    status: { type: String, enum: REFERENCE_STATUSES, default: 'not-sent', required: true },
    tokenHash: { type: String },
    tokenExpiresAt: Date,
    questionnaire: {
      ratingOptions: { type: [String], default: undefined },
      questions: { type: [questionSchema], default: undefined },
    },
    answers: { type: [answerSchema], default: [] },
    identity: {
      name: { type: String, trim: true, maxlength: 120 },
      relationship: { type: String, enum: RELATIONSHIPS },
      organization: { type: String, trim: true, maxlength: 200 },
      corrected: Boolean,
      confirmedAt: Date,
    },
    /** Bumped by every saved draft: a stale form (an older tab) cannot overwrite newer text. */
    draftRev: { type: Number, default: 0 },
    sentAt: Date,
    openedAt: Date,
    lastSavedAt: Date,
    submittedAt: Date,
    declinedAt: Date,
    declineReason: { type: String, trim: true, maxlength: 2000 },
    expiredAt: Date,
    failedAt: Date,
    /** Outbox ids of every message sent for this reference (first send, resends, reminders). */
    messages: {
      type: [
        new Schema(
          { outbox: String, kind: { type: String, enum: ['request', 'reminder', 'resend'] }, at: Date },
          { _id: false },
        ),
      ],
      default: [],
    },
    remindersSent: { type: Number, default: 0 },
    submission: { ip: String, userAgent: { type: String, maxlength: 500 }, at: Date },
    /** When a manager replaced this reference by another (the old link stops working). */
    replacedBy: { type: Schema.Types.ObjectId, ref: 'Reference' },
    replaces: { type: Schema.Types.ObjectId, ref: 'Reference' },
  },
  { timestamps: true },
);
referenceSchema.index(
  { tokenHash: 1 },
  { unique: true, partialFilterExpression: { tokenHash: { $type: 'string' } } },
);
// A candidate's references (candidate page, manager view, fraud signals).
referenceSchema.index({ candidate: 1, createdAt: 1 });
// A person is asked once per candidate (a second request to the same address is a resend). The
// add form checks first for a clear message; this index settles concurrent adds (E11000 -> 409).
referenceSchema.index({ candidate: 1, email: 1 }, { unique: true });
// Reminders and expiry: open requests by when they were sent.
referenceSchema.index({ status: 1, sentAt: 1 });
referenceSchema.index({ position: 1, status: 1 });

export type ReferenceFields = InferSchemaType<typeof referenceSchema>;
export type ReferenceDoc = HydratedDocument<ReferenceFields>;
export const Reference = mongoose.model('Reference', referenceSchema);
