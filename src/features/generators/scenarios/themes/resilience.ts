/** Themes: adaptability, stress tolerance. */
import type { Theme } from '../types.js';

export const adaptability: Theme = {
  key: 'adaptability',
  label: 'Adaptability',
  keywords: [
    'adapt*',
    'flexib*',
    'change*',
    'changing',
    'adjust to',
    'adjusts to',
    'shifting priorities',
    'ambiguity',
    'ambiguous',
    'agil*',
    'new circumstances',
  ],
  scenarios: [
    {
      id: 'adaptability-1',
      situation:
        'Halfway through the week, your priorities are changed without warning: a project you have worked on for a month is paused, and you are moved to help another team with work you have never done.',
      levels: {
        entry: 'Your new team is busy and has little time to show you the ropes.',
        intermediate: 'The paused project had promises to {public} that now need handling.',
        advanced: 'You lead the paused project, and your team is unsettled and asking you why.',
      },
      weak: 'Complains about the change and carries on with the paused work where possible.',
      acceptable:
        'Accepts the change, hands over or parks the old work cleanly, asks for the essentials of the new work, and gets started.',
      strong:
        'Adjusts quickly, makes sure commitments from the paused work are handled, learns the new work actively, and helps others through the change by explaining what is known.',
      notes: 'Look for constructive adjustment and care for loose ends, not enthusiasm alone.',
    },
    {
      id: 'adaptability-2',
      situation:
        'A new system replaces the one you have used for years. It is slower for the tasks you know best, the training was short, and {public} are noticing longer waits.',
      levels: {
        entry: 'Colleagues are quietly keeping paper records as a workaround.',
        intermediate: 'You have found two real faults in the new system.',
        advanced: 'You are the team’s contact for the rollout and your manager wants it to succeed.',
      },
      weak: 'Keeps using workarounds and tells people the new system is the problem.',
      acceptable:
        'Learns the new system properly, finds faster ways through it, reports the real faults, and explains waits honestly.',
      strong:
        'Gets to grips with the system quickly, shares shortcuts, reports faults with evidence, helps colleagues stop risky workarounds, and keeps service as good as possible during the change.',
      notes: 'Strong answers separate real faults from resistance to change.',
    },
    {
      id: 'adaptability-3',
      situation:
        'You planned a session for {public} carefully, but on the day half the people who arrive need something quite different from what you prepared.',
      levels: {
        entry: 'You are delivering the session with a more experienced colleague.',
        intermediate: 'You are on your own and the session starts in five minutes.',
        advanced: 'The same mismatch has happened across the programme you run.',
      },
      weak: 'Delivers the prepared session anyway.',
      acceptable:
        'Quickly finds out what people need, adjusts the content or splits the group, and follows up with those whose needs could not be met.',
      strong:
        'Adapts on the spot while keeping the session coherent, follows up with everyone, and changes how sessions are advertised and prepared so needs are known in advance.',
      notes: 'Look for responsiveness in the moment and learning for next time.',
    },
    {
      id: 'adaptability-4',
      situation:
        'Your manager gives you a task with unclear goals and says to use your judgment. Halfway through, a senior colleague tells you that you have misunderstood what is wanted.',
      levels: {
        entry: 'Your manager is away and cannot be reached for two days.',
        intermediate: 'The senior colleague’s version would undo most of your work.',
        advanced: 'You are leading others on the task and they are looking to you for direction.',
      },
      weak: 'Carries on regardless, or abandons the work and starts again without checking.',
      acceptable:
        'Clarifies the goal with the senior colleague and the manager as soon as possible, keeps what still fits, and adjusts the plan.',
      strong:
        'Resolves the ambiguity quickly with the right people, adjusts course without losing useful work, keeps others informed, and agrees how goals will be confirmed in future.',
      notes: 'The better answer works with uncertainty rather than waiting for certainty or ignoring it.',
    },
  ],
};

export const stressTolerance: Theme = {
  key: 'stress-tolerance',
  label: 'Stress tolerance and composure',
  keywords: [
    'stress*',
    'pressure',
    'composure',
    'calm*',
    'resilien*',
    'emotional control',
    'self-control',
    'patience',
    'patient under',
    'demanding situations',
    'tight deadlines',
  ],
  scenarios: [
    {
      id: 'stress-tolerance-1',
      situation:
        'On a day when you are already behind, three things arrive at once: an urgent request from your manager, a visitor at {setting} who is upset, and a system error that stops your main task.',
      levels: {
        entry: 'You are covering for a colleague who is off sick.',
        intermediate: 'Each of the three people says theirs is the most urgent.',
        advanced: 'Your team is also under pressure and watching how you respond.',
      },
      weak: 'Tries to do all three at once and snaps at whoever pushes hardest.',
      acceptable:
        'Takes a moment to sort the priorities, deals with the most pressing first, tells the others when they will be dealt with, and reports the system error.',
      strong:
        'Stays composed, sets clear priorities on sound reasons, communicates them calmly, gets help where needed, and afterwards reviews how to avoid the same pile-up.',
      notes: 'Look for composure translated into clear priorities, not just an absence of panic.',
    },
    {
      id: 'stress-tolerance-2',
      situation:
        'A manager criticises your work sharply in front of colleagues. Some of the criticism is fair, some is not, and you still have to finish the work with that manager today.',
      levels: {
        entry: 'You are new to the team.',
        intermediate: 'The unfair part concerns a decision the manager made, not you.',
        advanced: 'Your own team saw the exchange and are waiting to see how you handle it.',
      },
      weak: 'Argues back in front of everyone, or withdraws and does the minimum for the rest of the day.',
      acceptable:
        'Stays calm, acknowledges the fair points, finishes the work, and raises the unfair points privately later.',
      strong:
        'Keeps composure, acts on the fair criticism, raises the rest privately and constructively, and models a calm response for the team.',
      notes: 'Strong answers neither retaliate nor collapse.',
    },
    {
      id: 'stress-tolerance-3',
      situation:
        'You are dealing with {person} who is distressed and crying about a serious personal situation, while a queue builds up behind them and colleagues signal to you to hurry.',
      levels: {
        entry: 'You cannot solve the person’s problem yourself.',
        intermediate: 'The person may be at risk of harm.',
        advanced: 'You are the senior person on duty and the team is stretched.',
      },
      weak: 'Hurries the person along, or abandons the queue entirely without arranging cover.',
      acceptable:
        'Gives the person the time and care needed, asks a colleague to help with the queue, and connects the person with the right support.',
      strong:
        'Stays calm and present with the person, assesses any risk, gets the right help, reorganizes the queue with colleagues, and checks on the team afterwards.',
      notes: 'Look for calm care under visible pressure, with practical steps.',
    },
    {
      id: 'stress-tolerance-4',
      situation:
        'A deadline is moved forward by a week with no reduction in the work. You already have plans outside work that you cannot easily cancel.',
      levels: {
        entry: 'You have not faced a deadline like this before.',
        intermediate: 'The work depends on others who are also stretched.',
        advanced: 'Your team is tired after a hard month and looking to you to decide what gives.',
      },
      weak: 'Panics and works all hours without telling anyone the deadline is at risk, or gives up on it.',
      acceptable:
        'Works out what can realistically be done, tells the manager early, agrees priorities, and works steadily to the new deadline.',
      strong:
        'Plans calmly, negotiates scope or help early, protects quality on what matters most, keeps the team’s load sustainable, and keeps everyone informed.',
      notes: 'The better answer manages the pressure rather than absorbing it silently.',
    },
  ],
};
