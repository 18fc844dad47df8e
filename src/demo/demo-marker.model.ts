import mongoose, { Schema } from 'mongoose';

/**
 * Written last by a demo load: tells a later `npm start -- --demo` that this database holds the demo
 * (and nothing else), and keeps the pages worth opening first, whose ids only the load knew.
 */
const demoMarkerSchema = new Schema(
  {
    _id: { type: String, default: 'demo' },
    loadedAt: { type: Date, required: true },
    tour: {
      type: [
        new Schema(
          { label: { type: String, required: true }, href: { type: String, required: true }, as: String },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { collection: 'demo' },
);

export const DemoMarker = mongoose.model('DemoMarker', demoMarkerSchema);
