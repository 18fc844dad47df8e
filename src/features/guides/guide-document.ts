/** A published guide version as a plain document: what the print view and the Word download render. */
export interface GuideDocQuestion {
  kind: string;
  text: string;
  probes?: { situation: string[]; action: string[]; result: string[] };
  ratingGuide?: { value: number; label: string; description: string }[];
  sampleAnswers?: { weak: string; acceptable: string; strong: string };
}

export interface GuideDocSection {
  competencyName: string;
  definition?: string;
  /** The required proficiency level's label, e.g. "Level 2" or "Intermediate". */
  level?: string;
  weight: number;
  /** Required when the weight differs from the others; shown wherever the weight is. */
  weightReason?: string;
  requirement?: 'required' | 'desired';
  minutes?: number;
  questions: GuideDocQuestion[];
}

export interface GuideDocument {
  positionTitle: string;
  classCode?: string;
  department?: string;
  organization?: string;
  version: number;
  publishedAt?: Date;
  ratingScale: { name: string; points: { value: number; label: string; description?: string }[] };
  panelInstructions: string[];
  sections: GuideDocSection[];
}
