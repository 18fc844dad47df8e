import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A position described by a framework's competencies (e.g. Customer Service Representative, class 1230). */
const positionTemplateSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    classCode: String,
    description: String,
    framework: { type: Schema.Types.ObjectId, ref: 'Framework', required: true, index: true },
    competencies: [
      new Schema(
        {
          competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
          requiredLevel: Number,
        },
        { _id: false },
      ),
    ],
    seedHash: String,
    editedAt: Date,
  },
  { timestamps: true },
);

export type PositionTemplateFields = InferSchemaType<typeof positionTemplateSchema>;
export const PositionTemplate = mongoose.model('PositionTemplate', positionTemplateSchema);
