/**
 * The open reference links this process served last, as they stood at their latest known draft
 * revision, so that an autosave (four or more per reference) and the submission need not read the
 * reference again before writing: the write is one conditional update and nothing else.
 *
 * Why a stale entry cannot do harm: an entry is used only when the post names the entry's revision
 * (`rev`), and every write is conditional on the database holding that revision, the same token and
 * an open link (reference-form.service.ts). The fields a write is built from (the stored answers and
 * identity) change only together with the revision, by these writes; the questionnaire and the
 * requester's details never change under a token (a new send makes a new token). So when the entry
 * is out of date (another process saved, the manager replaced the request, the link expired), the
 * write matches nothing and the service reads the reference and answers as it would have without
 * the entry (a conflict or a closed link). A post naming another revision reads the reference.
 *
 * Per process and bounded (least recently used first out): several app processes each keep their
 * own, and a process that has not seen the link simply reads it.
 */
import type { ReferenceRecord } from './reference-form.service.js';

/** About 25 kB per entry for a long questionnaire with its answers: a few MiB at most. */
const MAX_ENTRIES = 500;

const links = new Map<string, ReferenceRecord>();

/** Keeps `ref` (an open link, as read or as just written) under its token's hash. */
export function rememberLink(ref: ReferenceRecord): void {
  const key = ref.tokenHash;
  if (!key) return;
  links.delete(key);
  links.set(key, ref);
  if (links.size > MAX_ENTRIES) links.delete(links.keys().next().value!);
}

/** The entry for the token's hash, if this process has one. */
export function recallLink(tokenHash: string): ReferenceRecord | undefined {
  const ref = links.get(tokenHash);
  if (ref) {
    links.delete(tokenHash);
    links.set(tokenHash, ref);
  }
  return ref;
}

/** After a submission, a decline or a write that found the link changed. */
export function forgetLink(tokenHash: string | null | undefined): void {
  if (tokenHash) links.delete(tokenHash);
}
