/** Themes: teamwork, conflict management, inclusion. */
import type { Theme } from '../types.js';

export const teamwork: Theme = {
  key: 'teamwork',
  label: 'Teamwork',
  keywords: [
    'team*',
    'cooperat*',
    'collaborat*',
    'colleague*',
    'co-worker*',
    'coworker*',
    'peer*',
    'share*',
    'shared goal*',
    'work with others',
    'working with others',
  ],
  scenarios: [
    {
      id: 'teamwork-1',
      situation:
        'Your own work is on schedule, but a teammate is clearly struggling with theirs and the team will miss a shared deadline on Friday if nothing changes. The teammate has not asked for help and tends to take offers of help as criticism.',
      levels: {
        entry: 'You are the newest member of the team.',
        intermediate: 'Helping would mean postponing a piece of your own work that your manager values.',
        advanced: 'You lead the team, and the same person has struggled on the last two deadlines.',
      },
      weak: 'Keeps quiet and finishes their own work, or takes over the teammate’s task without asking.',
      acceptable:
        'Offers specific help privately and respectfully, agrees with the teammate which part to take on, and tells the manager about any effect on their own work.',
      strong:
        'Offers help in a way that preserves the teammate’s ownership, agrees a plan that gets the shared deadline met, keeps the manager informed of trade-offs, and afterwards helps the team look at how work is divided so the squeeze does not repeat.',
      notes:
        'Look for attention to the shared goal and to the colleague’s dignity at once. Silence and takeover are both weak.',
    },
    {
      id: 'teamwork-2',
      situation:
        'At a team meeting, a colleague presents an idea you came up with and shared with them last week, without mentioning you. The manager is enthusiastic and asks the colleague to lead it.',
      levels: {
        entry: 'You are still on probation and the colleague has been there for years.',
        intermediate: 'The idea has a flaw that only you have spotted.',
        advanced: 'You are the colleague’s supervisor, and others on the team have noticed what happened.',
      },
      weak: 'Confronts the colleague in front of the team, or says nothing and holds a grudge.',
      acceptable:
        'Raises it with the colleague privately and calmly, focuses on working on the idea together, and mentions the flaw so the work succeeds.',
      strong:
        'Puts the success of the work first, addresses the credit question privately and constructively, contributes the fix for the flaw, and helps set a team habit of crediting contributions.',
      notes: 'Strong answers keep the team’s work on track while dealing honestly with the colleague.',
    },
    {
      id: 'teamwork-3',
      situation:
        'Two teams share a piece of equipment. Your team needs it all of Thursday for a job promised to {public}, and you learn the other team has booked the same day for routine maintenance they say cannot move.',
      levels: {
        entry: 'Your supervisor told you to sort it out with the other team directly.',
        intermediate: 'The booking system shows both bookings, and nobody is sure which came first.',
        advanced:
          'Clashes like this happen monthly, and you chair the meeting where the two teams plan their work.',
      },
      weak: 'Takes the equipment first thing on Thursday, or gives up the day and lets the promise to {public} slip.',
      acceptable:
        'Talks with the other team about what each job really requires, looks for a split of the day or another date, and escalates only if they cannot agree.',
      strong:
        'Works out with the other team a plan that meets both needs, tells anyone affected, and proposes a shared booking rule so clashes are settled before the day.',
      notes: 'The better answer treats the other team as partners with a legitimate need, not as rivals.',
    },
    {
      id: 'teamwork-4',
      situation:
        'You join a team midway through a project. The team has an established way of working that you can see wastes a good deal of time, and nobody has asked your opinion.',
      levels: {
        entry: 'You are the most junior person on the team.',
        intermediate: 'You have used a better method in a previous role and know it works.',
        advanced: 'You have been brought in to lead the team, and its members are loyal to the old way.',
      },
      weak: 'Carries on with the wasteful method without comment, or announces the better method and starts using it alone.',
      acceptable:
        'Learns why the team works that way, then suggests the improvement at a suitable moment and offers to try it on a small piece of work.',
      strong:
        'Understands the reasons behind the current method, proposes a trial the team helps shape, shares the results openly, and lets the team decide to adopt it.',
      notes: 'Look for respect for the team’s history combined with willingness to improve it together.',
    },
  ],
};

export const conflict: Theme = {
  key: 'conflict',
  label: 'Conflict management',
  keywords: [
    'conflict*',
    'disagree*',
    'dispute*',
    'tension*',
    'mediat*',
    'de-escalat*',
    'confront*',
    'difference* of opinion',
    'resolv* disagreement*',
  ],
  scenarios: [
    {
      id: 'conflict-1',
      situation:
        'Two colleagues you work with have stopped speaking to each other after an argument. Their work depends on each other, errors are starting to appear, and each has separately told you their side.',
      levels: {
        entry: 'You are their peer and have no authority over either of them.',
        intermediate: 'One of them has asked you to back their version in front of the manager.',
        advanced: 'You supervise both, and one has hinted at making a formal complaint.',
      },
      weak: 'Takes one side, or stays out of it until the errors become someone else’s problem.',
      acceptable:
        'Stays neutral, encourages them to talk directly, and makes sure the errors are caught and fixed in the meantime.',
      strong:
        'Deals with the work risk first, brings the two together to agree how they will work, keeps neutral on the original argument, checks that the agreement holds, and involves the manager or a formal route if it does not.',
      notes: 'The strong answer separates the people problem from the work problem and deals with both.',
    },
    {
      id: 'conflict-2',
      situation:
        'A partner organization you rely on tells you your team’s last piece of work was late and poor, and threatens to go to your director. You think they changed the requirements halfway through.',
      levels: {
        entry: 'You did part of the work yourself.',
        intermediate:
          'There are emails that support your account, but also one where your team agreed to the change.',
        advanced:
          'The relationship is worth a great deal to {org}, and your director has asked you to handle it.',
      },
      weak: 'Argues point by point to prove the partner wrong, or apologises for everything and promises to redo the work for free.',
      acceptable:
        'Listens to the full complaint, acknowledges what went wrong on both sides, and agrees with the partner what will be fixed and how.',
      strong:
        'Lowers the temperature, establishes the facts together with the partner rather than against them, agrees a fair remedy, and sets up a clear way to handle changes in requirements from now on.',
      notes: 'Look for the candidate resolving the dispute on interests and facts, not on who is to blame.',
    },
    {
      id: 'conflict-3',
      situation:
        '{Person} becomes aggressive at {setting}, raising their voice and refusing to leave until they get an answer you cannot give today. Other people nearby are uncomfortable.',
      levels: {
        entry: 'You are alone at the counter, and a colleague is within calling distance.',
        intermediate: 'The person has a genuine grievance: a mistake by your office caused the delay.',
        advanced:
          'You are the most senior person present, and a junior colleague is the one being shouted at.',
      },
      weak: 'Shouts back or threatens to call security at once, or gives in to the demand to end the scene.',
      acceptable:
        'Keeps calm, acknowledges the frustration, explains what can and cannot happen today, and calls for support if the behaviour escalates.',
      strong:
        'De-escalates with calm language and space, separates the grievance from the behaviour, offers a concrete next step, protects the others present, and afterwards reviews what happened with colleagues.',
      notes:
        'Safety of all present matters; strong answers combine firmness about behaviour with real attention to the grievance.',
    },
    {
      id: 'conflict-4',
      situation:
        'In a planning meeting, you strongly disagree with a decision the rest of the group is about to make. You believe it will cause problems for {public}, but raising it will delay the meeting and annoy people.',
      levels: {
        entry: 'You are attending to take notes and were not expected to contribute.',
        intermediate:
          'You have evidence from a similar case, but the person who proposed the decision is your manager.',
        advanced: 'You chair the meeting and the decision is finally yours.',
      },
      weak: 'Keeps quiet and complains later, or argues until everyone gives in.',
      acceptable:
        'States the concern briefly with the evidence, listens to the answer, and accepts the group’s decision if it still goes ahead, while noting the risk.',
      strong:
        'Raises the concern constructively at the right moment, offers an alternative, invites the others’ views, supports the final decision, and proposes a check to see whether the risk materialises.',
      notes: 'Look for disagreement handled openly and respectfully, followed by commitment to the decision.',
    },
  ],
};
