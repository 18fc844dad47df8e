import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { sourceRefSchema } from './competency.model.js';

/** A reusable scale: proficiency levels (OPM's five) or rating levels (Needs Improvement .. Exceeds). */
const ratingScaleSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    kind: { type: String, enum: ['proficiency', 'rating'], required: true },
    description: String,
    points: [
      new Schema(
        { value: Number, label: String, description: String, indicators: { type: [String], default: [] } },
        { _id: false },
      ),
    ],
    source: sourceRefSchema,
    seedHash: String,
    editedAt: Date,
  },
  { timestamps: true },
);

export type RatingScaleFields = InferSchemaType<typeof ratingScaleSchema>;
export const RatingScale = mongoose.model('RatingScale', ratingScaleSchema);
