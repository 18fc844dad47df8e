/**
 * Framework versions: a framework file (from a document import) saved as the next version of a
 * framework already in the library.
 *
 * Why a new framework document rather than rewriting the old one: guides, positions, question-bank
 * items and ratings point at competency ids, and a guide in use must keep the competencies it was
 * built from, word for word. So version n+1 is a new framework (same name and organization,
 * `version` n+1, `supersedes` the old one) holding the imported competencies, and the old one is
 * archived with `supersededBy` set: it leaves the library lists, its page and competencies stay,
 * and everything that used them keeps working. The framework pages link the two.
 */
import { Types } from 'mongoose';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { FrameworkFile } from './framework-file.schema.js';
import { importFrameworkFile, type ImportReport } from './framework-io.service.js';
import { Framework } from './framework.model.js';
import { assertMayChange, mayChange } from './library-access.js';

type User = { _id: Types.ObjectId; roles?: readonly string[] };

export interface VersionTarget {
  id: string;
  name: string;
  organization: string;
  version: number;
}

/** Frameworks this user may give a new version: active, the latest of their line, theirs to change. */
export async function listVersionTargets(user: User): Promise<VersionTarget[]> {
  const frameworks = await Framework.find(
    { status: 'active', supersededBy: null },
    { name: 1, organization: 1, version: 1, origin: 1 },
  )
    .sort({ organization: 1, name: 1 })
    .lean();
  return frameworks
    .filter((f) => mayChange(f, user))
    .map((f) => ({ id: String(f._id), name: f.name, organization: f.organization, version: f.version ?? 1 }));
}

/**
 * Imports `file` as the next version of framework `id`. The old framework is claimed first (one
 * conditional write, so two saves cannot both supersede it); if the import then fails, the claim is
 * undone and the import removes what it wrote: a failed save leaves the library as it was.
 */
export async function importAsNextVersion(
  id: string,
  file: FrameworkFile,
  user: User,
): Promise<ImportReport & { version: number }> {
  const old = Types.ObjectId.isValid(id) ? await Framework.findById(id) : null;
  if (!old) {
    throw new ValidationError('There is no such framework to add a version to: choose one from the list.', {
      target: 'no such framework',
    });
  }
  assertMayChange(old, user);
  const version = (old.version ?? 1) + 1;
  const newId = new Types.ObjectId();
  const before = { editedAt: old.editedAt, editedBy: old.editedBy };
  const claimed = await Framework.updateOne(
    { _id: old._id, status: 'active', supersededBy: null },
    { $set: { status: 'archived', supersededBy: newId, editedAt: new Date(), editedBy: user._id } },
  );
  if (!claimed.matchedCount) {
    throw new ConflictError(
      old.supersededBy
        ? `“${old.name}” has been replaced by a newer version since this page was shown. Choose its latest version, or save as a new framework.`
        : `“${old.name}” is archived. Restore it first, or choose another framework.`,
    );
  }
  try {
    const report = await importFrameworkFile(
      {
        ...file,
        framework: {
          ...file.framework,
          key: `${old.key.replace(/-v\d+$/, '')}-v${version}`,
          name: old.name,
          organization: old.organization,
        },
      },
      {
        origin: 'import',
        asCopy: true,
        actorId: user._id,
        newFramework: { _id: newId, version, supersedes: old._id },
      },
    );
    return { ...report, version };
  } catch (e) {
    await Framework.updateOne(
      { _id: old._id, supersededBy: newId },
      before.editedAt
        ? { $set: { status: 'active', ...before }, $unset: { supersededBy: 1 } }
        : { $set: { status: 'active' }, $unset: { supersededBy: 1, editedAt: 1, editedBy: 1 } },
    );
    throw e;
  }
}
