import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A position described by a framework's competencies (e.g. Customer Service Representative, class 1230). */
const positionTemplateSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    classCode: String,
    description: String,
    /** The grade or job level the template is for (framework format v2). */
    grade: String,
    framework: { type: Schema.Types.ObjectId, ref: 'Framework', required: true, index: true },
    competencies: [
      new Schema(
        {
          competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
          requiredLevel: Number,
          /** The grade whose required level this reference follows, when it names one. */
          grade: String,
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
