/**
 * The pages worth opening first, with whom to sign in as: the demo's ids exist only once it is
 * loaded, so the tour is kept with the demo marker and shown on the sign-in page in demo mode.
 */
import { DemoMarker } from './demo-marker.model.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-people.js';
import type { DemoStory } from './demo-story.js';
import { ROLE_LABELS } from '../features/users/user.model.js';

export interface TourStop {
  label: string;
  href: string;
  /** The name of the demo user to sign in as. */
  as: string;
}

export function tourOf(
  s: DemoStory,
  interviews: { maria: string; james: string; priya: string; daniel: string },
): TourStop[] {
  const p = `/positions/${s.positionId}`;
  const owner = s.users.owner.name;
  return [
    { label: 'The position: competencies, levels and a weight with its reason', href: p, as: owner },
    { label: 'The published interview guide', href: `/guides/${s.guideId}`, as: owner },
    { label: 'Candidates and their stages', href: `${p}/candidates`, as: owner },
    { label: 'Results dashboard: Maria Gonzalez ranked', href: `${p}/dashboard`, as: owner },
    {
      label: 'A complete interview: consensus, recommendation, sign-offs and the audit trail',
      href: `/interviews/${interviews.maria}/board`,
      as: s.users.sam.name,
    },
    {
      label: 'The consensus step: two competencies agreed, two flagged for disagreement',
      href: `/interviews/${interviews.james}/board`,
      as: s.users.linda.name,
    },
    {
      label: 'Scoring under way: three of five rated, one panelist submitted',
      href: `/interviews/${interviews.priya}/score`,
      as: s.users.sam.name,
    },
    {
      label: 'References: submitted, in progress and declined, beside the panel’s consensus',
      href: `${p}/candidates/${s.candidates.maria}/references`,
      as: owner,
    },
    {
      label: 'The mail outbox: invitations and reference requests (follow a link to answer as a reference)',
      href: '/admin/outbox',
      as: s.users.admin.name,
    },
  ];
}

/** What the sign-in page shows in demo mode: the accounts, the password and the tour. */
export async function demoSignInInfo() {
  const marker = await DemoMarker.findById('demo', 'tour').lean();
  return {
    password: DEMO_PASSWORD,
    users: DEMO_USERS.map((u) => ({
      name: u.name,
      email: u.email,
      roles: u.roles.map((r) => ROLE_LABELS[r]).join(', '),
      about: u.about,
    })),
    tour: (marker?.tour ?? []).map((t) => ({ label: t.label, href: t.href, as: t.as ?? '' })),
  };
}
