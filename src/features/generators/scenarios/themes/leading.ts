/** Themes: leadership, coaching and developing others. */
import type { Theme } from '../types.js';

export const leadership: Theme = {
  key: 'leadership',
  label: 'Leadership',
  keywords: [
    'lead',
    'leads',
    'leader*',
    'leading',
    'supervis*',
    'manag* people',
    'manag* staff',
    'direct* others',
    'vision*',
    'inspir*',
    'delegat*',
    'motivat* others',
    'performance management',
    'employees',
  ],
  scenarios: [
    {
      id: 'leadership-1',
      situation:
        'You are put in charge of a team whose previous lead left suddenly. Morale is low, one experienced member wanted your job, and an important deadline is a month away.',
      levels: {
        entry: 'You are leading a small group for one project only, alongside your usual work.',
        intermediate: 'The team has been missing targets and your manager expects quick improvement.',
        advanced:
          'The team is one of several you are now responsible for, and the changes you make will set the pattern for the others.',
      },
      weak: 'Announces a new way of working on day one, or avoids the experienced member.',
      acceptable:
        'Meets each person to understand the work and their concerns, talks openly with the experienced member, agrees the priorities for the deadline, and keeps the team informed.',
      strong:
        'Builds trust quickly by listening, gives the experienced member a real role, sets a clear direction for the deadline, removes obstacles for the team, and recognises progress.',
      notes: 'Look for listening before acting, handling the rival respectfully and giving clear direction.',
    },
    {
      id: 'leadership-2',
      situation:
        'A decision from senior management that you disagree with must be carried out by your team. Your team dislikes it too and looks to you for a reaction.',
      levels: {
        entry: 'You coordinate the team informally without a formal title.',
        intermediate: 'The decision affects the service {public} receive.',
        advanced: 'You were part of the discussion and argued against it.',
      },
      weak: 'Tells the team they agree it is a bad decision but they have to do it.',
      acceptable:
        'Explains the decision and its reasons, listens to the team’s concerns, passes on serious issues, and carries it out properly.',
      strong:
        'Voices disagreement upward before the decision is final, then commits, explains the reasons honestly, carries it out well, and reports its actual effects back.',
      notes: 'The better answer disagrees upward and leads loyally downward.',
    },
    {
      id: 'leadership-3',
      situation:
        'A high-performing member of your team is rude to colleagues and has caused two people to ask for transfers. They produce more than anyone else.',
      levels: {
        entry: 'You coordinate the team’s work but do not manage anyone formally.',
        intermediate: 'You are their manager and nobody has dealt with it before.',
        advanced: 'The person is a manager reporting to you.',
      },
      weak: 'Tolerates the behaviour because of the results.',
      acceptable:
        'Talks to the person directly about the specific behaviour and its effects, sets clear expectations, and follows up.',
      strong:
        'Addresses the behaviour promptly with specifics, supports change while making consequences clear, protects the rest of the team, and follows through consistently.',
      notes: 'Look for making the standard of behaviour as important as output.',
    },
    {
      id: 'leadership-4',
      situation:
        'Your team is asked to take on a significant new area of work with no extra staff. Some team members are enthusiastic and others are already stretched.',
      levels: {
        entry: 'You are asked to help organize the first steps.',
        intermediate: 'You are asked to decide how the work is shared.',
        advanced: 'You can push back on the request or propose a different scope.',
      },
      weak: 'Gives the new work to the enthusiastic members without looking at the overall load.',
      acceptable:
        'Reviews the team’s workload, agrees what can stop or slow down, shares the new work fairly, and tells the manager what is realistic.',
      strong:
        'Shapes the scope with senior managers, sets clear priorities, uses people’s strengths and growth goals, protects the stretched members, and reviews the balance regularly.',
      notes: 'Strong answers lead upward and downward at once.',
    },
  ],
};

export const coaching: Theme = {
  key: 'coaching',
  label: 'Coaching and developing others',
  keywords: [
    'coach*',
    'mentor*',
    'develop* others',
    'developing people',
    'train* others',
    'teach*',
    'feedback to others',
    'constructive feedback',
    'talent',
    'succession',
    'guidance to staff',
  ],
  scenarios: [
    {
      id: 'coaching-1',
      situation:
        'A new colleague you are helping to train keeps making the same mistake. They seem to understand when you explain, but the mistake comes back within days, and {public} are starting to notice.',
      levels: {
        entry: 'You are not their supervisor; you were asked to show them the ropes.',
        intermediate: 'Their probation review is in three weeks.',
        advanced: 'You oversee the training of all new staff.',
      },
      weak: 'Fixes the mistakes for them quietly, or reports them to the supervisor without trying anything else.',
      acceptable:
        'Finds out why the mistake keeps happening, tries a different way of teaching such as a checklist or practice, checks progress, and keeps the supervisor informed.',
      strong:
        'Works with the colleague to find the root cause, adapts the teaching, gives specific, regular feedback, protects {public} in the meantime, and improves the training for others.',
      notes: 'Look for diagnosing the learning problem rather than repeating the explanation.',
    },
    {
      id: 'coaching-2',
      situation:
        'A capable team member asks you for more challenging work. The only suitable task is high-profile, and if it goes badly it will reflect on you.',
      levels: {
        entry: 'You are a senior peer rather than their manager.',
        intermediate: 'You are their manager.',
        advanced: 'You are responsible for developing future leaders across several teams.',
      },
      weak: 'Keeps the task themselves because the risk is too high.',
      acceptable:
        'Gives them the task with clear expectations and support, checks in regularly, and gives feedback afterwards.',
      strong:
        'Delegates with the right level of support, agrees how they will check in, lets them own the work and the credit, and uses the experience to plan their development.',
      notes: 'The better answer takes a managed risk on someone’s growth.',
    },
    {
      id: 'coaching-3',
      situation:
        'A long-serving team member’s work has slipped over several months. They are well liked, and others have been quietly covering for them.',
      levels: {
        entry: 'You are one of the colleagues covering for them.',
        intermediate: 'You have just become their supervisor.',
        advanced: 'You manage their supervisor, who has avoided the issue.',
      },
      weak: 'Keeps covering, or criticises them in front of others.',
      acceptable:
        'Raises it privately and kindly with specifics, asks what is going on, and agrees steps to improve.',
      strong:
        'Holds an honest, caring conversation, finds out the causes, agrees a clear plan with support, follows up regularly, and stops the covering that hides the problem.',
      notes: 'Look for candour combined with care.',
    },
    {
      id: 'coaching-4',
      situation:
        'You are asked to give feedback on a colleague’s draft that is weak in several ways. The colleague is sensitive to criticism and the deadline is close.',
      levels: {
        entry: 'The colleague is senior to you.',
        intermediate: 'The colleague asked you specifically for honest feedback.',
        advanced: 'You are responsible for the quality of the team’s work.',
      },
      weak: 'Says it is fine, or rewrites it without explanation.',
      acceptable:
        'Gives specific, balanced feedback focused on the most important improvements and offers help.',
      strong:
        'Prioritises the key issues, explains why they matter, suggests how to fix them, acknowledges what works, and follows up.',
      notes: 'Strong answers make feedback usable.',
    },
  ],
};
