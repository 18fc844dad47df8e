import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Single-use links sent by email (invitations, password resets). Only the SHA-256 of the
 * token is stored; the token itself exists only in the message.
 */
const tokenSchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  purpose: { type: String, enum: ['invite', 'reset'], required: true },
  hash: { type: String, required: true, unique: true },
  expiresAt: { type: Date, required: true },
  usedAt: { type: Date },
  /** Removed by a TTL index a week after expiry. */
  purgeAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
});

export type TokenFields = InferSchemaType<typeof tokenSchema>;
export const Token = mongoose.model('Token', tokenSchema);
