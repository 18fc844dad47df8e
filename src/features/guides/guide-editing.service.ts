/**
 * Changing a guide's draft. Any real change to a published guide makes it the draft of the next
 * version; the published versions themselves never change.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Actor } from '../positions/positions.service.js';
import { findScale, scaleCopy } from './guides.service.js';
import { bankQuestion, generatedQuestion, type GuideKind } from './guide-questions.js';
import type { GuideDoc } from './guide.model.js';

type Section = GuideDoc['sections'][number];
type Question = Section['questions'][number];

export async function markChanged(guide: GuideDoc, by: Actor) {
  if (guide.status === 'published') {
    guide.status = 'draft';
    guide.draftVersion = (guide.latestVersion ?? 0) + 1;
  }
  guide.updatedBy = by._id;
  await guide.save();
}

export function sectionOf(guide: GuideDoc, sectionId: string): Section {
  const s = guide.sections.find((x) => String(x._id) === sectionId);
  if (!s) throw new NotFoundError('There is no such section in this guide.');
  return s;
}

export function questionOf(section: Section, questionId: string): Question {
  const q = section.questions.find((x) => String(x._id) === questionId);
  if (!q) throw new NotFoundError('There is no such question in this section.');
  return q;
}

/** Moves the element at `from` one place up (-1) or down (+1); false when it is already at the end. */
function moved<T>(list: T[], from: number, by: -1 | 1): T[] | null {
  const to = from + by;
  if (from < 0 || to < 0 || to >= list.length) return null;
  const out = [...list];
  [out[from], out[to]] = [out[to], out[from]];
  return out;
}

const plain = <T extends { toObject(): object }>(xs: T[]) => xs.map((x) => x.toObject());

export async function addQuestion(
  guide: GuideDoc,
  sectionId: string,
  pick: { item?: string; kind?: GuideKind; index?: number; level?: number },
  by: Actor,
) {
  const section = sectionOf(guide, sectionId);
  const competency = String(section.competency);
  const q = pick.item
    ? await bankQuestion(competency, pick.item)
    : await generatedQuestion(
        competency,
        pick.kind!,
        pick.index!,
        pick.level!,
        await findScale(guide.ratingScale.key ?? undefined),
      );
  // The same question twice in one section would be asked twice: refused, naming it.
  if (section.questions.some((x) => x.text.trim() === q.text.trim()))
    throw new ConflictError(`This question is already in the guide: “${q.text}”`);
  section.questions.push(q);
  await markChanged(guide, by);
  return q;
}

export async function removeQuestion(guide: GuideDoc, sectionId: string, questionId: string, by: Actor) {
  const section = sectionOf(guide, sectionId);
  questionOf(section, questionId);
  section.set('questions', plain(section.questions.filter((q) => String(q._id) !== questionId)));
  await markChanged(guide, by);
}

export async function moveQuestion(
  guide: GuideDoc,
  sectionId: string,
  questionId: string,
  dir: -1 | 1,
  by: Actor,
) {
  const section = sectionOf(guide, sectionId);
  const list = moved([...section.questions], section.questions.indexOf(questionOf(section, questionId)), dir);
  if (!list) return false;
  section.set('questions', plain(list));
  await markChanged(guide, by);
  return true;
}

export async function moveSection(guide: GuideDoc, sectionId: string, dir: -1 | 1, by: Actor) {
  const list = moved([...guide.sections], guide.sections.indexOf(sectionOf(guide, sectionId)), dir);
  if (!list) return false;
  guide.set('sections', plain(list));
  await markChanged(guide, by);
  return true;
}

/** A new order from drag and drop: the same ids, rearranged (sections, or the questions of one section). */
export async function reorder(
  guide: GuideDoc,
  order: { sections?: string[]; section?: string; questions?: string[] },
  by: Actor,
) {
  const sameSet = (ids: string[], xs: { _id: unknown }[]) =>
    ids.length === xs.length &&
    new Set(ids).size === ids.length &&
    xs.every((x) => ids.includes(String(x._id)));
  if (order.sections) {
    if (!sameSet(order.sections, guide.sections))
      throw new ValidationError('The order must list every section once.');
    guide.set('sections', plain(order.sections.map((id) => sectionOf(guide, id))));
  }
  if (order.section && order.questions) {
    const section = sectionOf(guide, order.section);
    if (!sameSet(order.questions, section.questions))
      throw new ValidationError('The order must list every question of the section once.');
    section.set('questions', plain(order.questions.map((id) => questionOf(section, id))));
  }
  if (guide.isModified()) await markChanged(guide, by);
}

export async function setMinutes(guide: GuideDoc, sectionId: string, minutes: number, by: Actor) {
  const section = sectionOf(guide, sectionId);
  if (section.minutes === minutes) return false;
  section.minutes = minutes;
  await markChanged(guide, by);
  return true;
}

export async function setScale(guide: GuideDoc, key: string, by: Actor) {
  if (guide.ratingScale.key === key) return false;
  const scale = await findScale(key);
  guide.set('ratingScale', scaleCopy(scale));
  // Generated questions get their rating guide for the new scale; bank items keep the one they were approved with.
  for (const section of guide.sections)
    for (const q of section.questions) {
      const src = q.source;
      if (src?.type !== 'generated' || src.level == null || src.index == null) continue;
      try {
        const fresh = await generatedQuestion(
          String(section.competency),
          q.kind,
          src.index,
          src.level,
          scale,
        );
        q.ratingGuide = fresh.ratingGuide as typeof q.ratingGuide;
        src.scaleKey = scale.key ?? undefined;
      } catch {
        /* the competency changed since: keep the guide the question has */
      }
    }
  await markChanged(guide, by);
  return true;
}

export async function setInstructions(guide: GuideDoc, lines: string[], by: Actor) {
  const now = [...guide.panelInstructions];
  if (now.length === lines.length && now.every((l, i) => l === lines[i])) return false;
  guide.panelInstructions = lines;
  await markChanged(guide, by);
  return true;
}
