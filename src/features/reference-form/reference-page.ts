/**
 * The page's heading: who the questionnaire is about and for which position, read with the
 * reference in one command for the page, or on its own when a refused post re-renders the form.
 * Read here rather than through the candidates and positions services: those check a signed-in
 * user's access, and this page has none; only the candidate's name and the position's title are read.
 */
import { Candidate } from '../candidates/candidate.model.js';
import { Position } from '../positions/position.model.js';
import { Reference } from '../references/reference.model.js';
import { hashToken } from '../../lib/passwords.js';
import { UNUSED, type ReferenceRecord } from './reference-form.service.js';

/** What the page's heading names: who the questionnaire is about, for which position. */
export interface PageContext {
  candidateName: string;
  positionTitle: string;
}

/**
 * The token's reference with its page's heading, in one command (the page used to send three: the
 * reference, its candidate, its position). The joins go through the candidates' and positions'
 * `_id` index and keep only the name and the title.
 */
export async function findPageByToken(
  token: string,
): Promise<{ ref: ReferenceRecord; context: PageContext } | null> {
  const [found] = await Reference.aggregate<
    ReferenceRecord & { _candidateName?: string; _positionTitle?: string }
  >([
    { $match: { tokenHash: hashToken(token) } },
    { $limit: 1 },
    { $project: UNUSED },
    {
      $lookup: {
        from: Candidate.collection.name,
        localField: 'candidate',
        foreignField: '_id',
        as: '_candidateName',
      },
    },
    {
      $lookup: {
        from: Position.collection.name,
        localField: 'position',
        foreignField: '_id',
        as: '_positionTitle',
      },
    },
    {
      $set: {
        _candidateName: { $first: '$_candidateName.name' },
        _positionTitle: { $first: '$_positionTitle.title' },
      },
    },
  ]);
  if (!found) return null;
  const { _candidateName, _positionTitle, ...ref } = found;
  return { ref, context: contextOf(_candidateName, _positionTitle) };
}

const contextOf = (candidateName?: string | null, positionTitle?: string | null): PageContext => ({
  candidateName: candidateName ?? 'the candidate',
  positionTitle: positionTitle ?? '',
});

/** The page's heading for a reference read without it (the posts' refusals, which re-render the form). */
export async function pageContext(ref: ReferenceRecord): Promise<PageContext> {
  const [candidate, position] = await Promise.all([
    Candidate.findById(ref.candidate, { name: 1 }).lean(),
    Position.findById(ref.position, { title: 1 }).lean(),
  ]);
  return contextOf(candidate?.name, position?.title);
}
