/**
 * Test-only fault injection for the journal's writer (the disk-full drill in test/faults/).
 *
 * `journalWriteFault`, when set, runs before every journal write and may throw (for instance an
 * ENOSPC error) as the file system would. Nothing in src/ sets it: it is not reachable through the
 * wire protocol, HTTP or the environment, only by code in the same process that imports this
 * module and calls setJournalWriteFault — the tests. Clear it with setJournalWriteFault(null).
 */
let journalWriteFault: (() => void) | null = null;

export function setJournalWriteFault(fault: (() => void) | null): void {
  journalWriteFault = fault;
}

/** Called by the journal before it writes; throws what the fault throws. */
export function checkJournalWriteFault(): void {
  journalWriteFault?.();
}

let journalPreallocFault: (() => void) | null = null;

/** Like setJournalWriteFault, for the journal's preallocation of zeros alone (journal-writer.ts). */
export function setJournalPreallocFault(fault: (() => void) | null): void {
  journalPreallocFault = fault;
}

/** Called by the journal before it writes preallocation zeros; throws what the fault throws. */
export function checkJournalPreallocFault(): void {
  journalPreallocFault?.();
}

/** An error shaped like the one node:fs raises when the disk is full. */
export function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}
