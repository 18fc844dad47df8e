import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Failed sign-ins counted per (email address, network address). Kept apart from the user so that
 * known and unknown addresses take the same path (no answer or timing tells who has an account),
 * and so that a stranger's wrong guesses lock only the stranger's own address out of that account:
 * the owner, from another address, still signs in with the right password.
 */
const loginAttemptSchema = new Schema({
  /** SHA-256 of the normalised email address: addresses of non-users are not kept in clear. */
  account: { type: String, required: true },
  ip: { type: String, required: true },
  failures: { type: Number, required: true, default: 0 },
  /** The count starts over once this passes; a TTL index removes the record soon after. */
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
});
loginAttemptSchema.index({ account: 1, ip: 1 }, { unique: true });

export type LoginAttemptFields = InferSchemaType<typeof loginAttemptSchema>;
export const LoginAttempt = mongoose.model('LoginAttempt', loginAttemptSchema);
