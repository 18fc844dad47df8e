/**
 * The first batch of a query that lists a whole collection for a page (every rating scale, every
 * panelist to choose from, every user for an admin). The driver's default first batch is 101
 * documents, so past 101 such a page paid a getMore round trip per further batch; up to this many
 * come in the first reply.
 */
export const LIST_BATCH = 2000;
