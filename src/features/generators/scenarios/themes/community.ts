/** Themes: inclusion, community engagement. */
import type { Theme } from '../types.js';

export const inclusion: Theme = {
  key: 'inclusion',
  label: 'Inclusion and respect for diversity',
  keywords: [
    'inclusi*',
    'divers*',
    'equit*',
    'equal*',
    'respect*',
    'cultur*',
    'background*',
    'disabilit*',
    'accessib*',
    'bias*',
    'discriminat*',
    'belonging',
  ],
  scenarios: [
    {
      id: 'inclusion-1',
      situation:
        'During a break, a colleague makes a joke about an accent that {person} had earlier in the day. A couple of people laugh, and a new colleague with a similar accent goes quiet.',
      levels: {
        entry: 'The colleague who made the joke is well liked and more senior than you.',
        intermediate: 'It is not the first time, and the new colleague has mentioned feeling out of place.',
        advanced: 'You manage the team, and comments like this have come up in an exit interview.',
      },
      weak: 'Laughs along or ignores it because it was only a joke.',
      acceptable:
        'Makes it clear at the time, calmly, that the joke is not acceptable, and checks in privately with the new colleague afterwards.',
      strong:
        'Addresses the comment promptly without humiliating anyone, supports the new colleague, follows up with the person who made the joke, and, where it is a pattern, takes it through the proper route and works on the team’s norms.',
      notes:
        'Look for willingness to act in the moment and care for the person affected, proportionate to the candidate’s role.',
    },
    {
      id: 'inclusion-2',
      situation:
        'A form your team uses asks {public} for information in a way that several people have found hard to complete because of a disability. Changing the form requires approval that takes months.',
      levels: {
        entry: 'You are the person people hand the form to, and your shift is busy.',
        intermediate: 'A workaround exists, but staff apply it inconsistently.',
        advanced: 'You own the process the form belongs to.',
      },
      weak: 'Tells people to do their best with the form, or fills it in for them without checking what they mean.',
      acceptable:
        'Offers each person a reasonable alternative way to provide the information, records it correctly, and reports the problem to whoever owns the form.',
      strong:
        'Makes sure nobody is turned away in the meantime, agrees a consistent interim alternative with the team, gathers the evidence needed for the change, and pushes it through with the people affected involved.',
      notes:
        'The strong answer removes the barrier now and fixes it for everyone, without making people ask for special treatment.',
    },
    {
      id: 'inclusion-3',
      situation:
        'You are putting together a small panel to choose a supplier. The three most experienced people available are very similar in background and outlook, and adding others would take more time to organize.',
      levels: {
        entry: 'You were asked to suggest names, not to decide.',
        intermediate: 'The supplier will serve a very varied population.',
        advanced:
          'Panels across {org} tend to be drawn from the same small group, and you set the guidance for them.',
      },
      weak: 'Picks the three familiar names because it is quicker.',
      acceptable:
        'Looks for at least one panel member who brings a different perspective, including the people the supplier will serve, while keeping the expertise needed.',
      strong:
        'Builds a panel with the expertise and the perspectives the decision needs, explains why, and helps widen the pool of people asked to serve so the next panel is easier to form.',
      notes:
        'Look for the candidate treating varied perspectives as part of a good decision, not as a box to tick.',
    },
    {
      id: 'inclusion-4',
      situation:
        'A team member asks to change their working hours for religious observance during a busy month. Granting it means others cover an unpopular shift, and one colleague complains that it is unfair.',
      levels: {
        entry: 'You are the colleague who would cover most of the shifts.',
        intermediate: 'You draw up the rota and the request has come to you.',
        advanced: 'You manage the team and will have to explain the decision to everyone.',
      },
      weak: 'Refuses the request to avoid complaints, or grants it and dismisses the colleague’s concern.',
      acceptable:
        'Treats the request seriously and within policy, looks for a fair arrangement, and explains it openly to the team.',
      strong:
        'Finds a fair arrangement that meets the need, shares the load transparently, responds respectfully to the complaint, and sets a clear approach for future requests of any kind.',
      notes: 'Strong answers balance respect for the individual with fairness to the team.',
    },
  ],
};

export const communityEngagement: Theme = {
  key: 'community-engagement',
  label: 'Community engagement',
  keywords: [
    'communit*',
    'neighbo*',
    'residents',
    'stakeholder*',
    'outreach',
    'engag*',
    'public meeting*',
    'consult*',
    'partnership*',
    'civic',
  ],
  scenarios: [
    {
      id: 'community-engagement-1',
      situation:
        'You are organizing a public session on a proposal that will change services in one neighbourhood. The people most affected work shifts and rarely attend evening meetings, and the date is already advertised.',
      levels: {
        entry: 'You are helping the lead organizer with the arrangements.',
        intermediate: 'A local group has told you the session looks like a formality.',
        advanced:
          'You are accountable for how {org} consults on the proposal, and the decision is due next month.',
      },
      weak: 'Holds the session as planned and treats the turnout as the community’s view.',
      acceptable:
        'Keeps the session but adds other ways for affected people to contribute, such as a daytime drop-in or a short survey, and reports what was heard.',
      strong:
        'Designs the consultation around the people affected, works with local groups to reach them, shows clearly how their views changed the proposal, and reports back to them afterwards.',
      notes: 'The better answer goes to the community rather than waiting for it, and closes the loop.',
    },
    {
      id: 'community-engagement-2',
      situation:
        'A community group that often criticises {org} asks to meet you about a local problem. Your manager warns that meeting them will encourage more demands.',
      levels: {
        entry: 'You have been asked only to take the group’s message and pass it on.',
        intermediate:
          'The group’s concern is partly justified, but they are asking for something you cannot promise.',
        advanced:
          'You represent {org} in the neighbourhood and the group has influence with elected officials.',
      },
      weak: 'Avoids the meeting, or meets them and promises what they ask for.',
      acceptable: 'Meets them, listens, is honest about what can and cannot be done, and agrees a follow-up.',
      strong:
        'Builds a working relationship with the group, acknowledges what is valid in their concern, is straight about limits, involves them in a solution, and keeps the manager informed.',
      notes: 'Look for engagement with critics on the merits, with honesty about constraints.',
    },
    {
      id: 'community-engagement-3',
      situation:
        'After a small incident in a local park, rumours spread online that {org} is hiding a serious problem. You know the facts, but the full report is not yet approved for release.',
      levels: {
        entry: 'A neighbour you know personally asks you about it at the weekend.',
        intermediate: 'You are asked to reply to questions on the organization’s page.',
        advanced: 'You are responsible for the public response and the rumours are spreading fast.',
      },
      weak: 'Shares unapproved details to settle the rumour, or ignores it until the report comes out.',
      acceptable:
        'Shares what can be said, points people to where updates will appear, and pushes internally for a quick approved statement.',
      strong:
        'Gets an accurate holding statement out quickly, sets a time for the full facts, answers people’s real worries, and makes sure the promise is kept.',
      notes: 'The tension is between speed and approval. Strong answers move fast within what is authorised.',
    },
    {
      id: 'community-engagement-4',
      situation:
        'A project you are involved in has reached the stage where residents will see building work. Local businesses say the works will cost them trade, and the schedule cannot easily change.',
      levels: {
        entry: 'You are the person on site whom business owners approach.',
        intermediate: 'Small changes to working hours are possible but will add cost.',
        advanced: 'You own the project budget and the relationship with the business association.',
      },
      weak: 'Tells the businesses the schedule is fixed and refers them to head office.',
      acceptable:
        'Listens to the businesses, explains the schedule, passes on specific requests, and tells them what can change.',
      strong:
        'Works with the businesses to find the changes that matter most to them, weighs the cost honestly, agrees practical measures such as signs or phased works, and keeps them updated.',
      notes: 'Look for treating affected people as partners in the plan, within real constraints.',
    },
  ],
};
