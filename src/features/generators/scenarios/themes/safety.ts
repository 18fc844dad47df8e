/** Themes: workplace safety, resource stewardship. */
import type { Theme } from '../types.js';

export const safety: Theme = {
  key: 'safety',
  label: 'Safety',
  keywords: [
    'safe',
    'safely',
    'safety',
    'hazard*',
    'injur*',
    'accident*',
    'incident*',
    'protective',
    'risk assessment*',
    'health and safety',
    'occupational',
    'emergenc*',
    'ppe',
    'unsafe',
  ],
  scenarios: [
    {
      id: 'safety-1',
      situation:
        'Near the end of a job that is already behind schedule, you notice that a guard on a piece of equipment has been removed. The crew says it slows them down and they have always worked this way.',
      levels: {
        entry: 'You are the newest person on the crew and the foreman is not on site.',
        intermediate: 'Refitting the guard will delay the job past the promised time.',
        advanced: 'You supervise the crew, and the removed guard is not the only shortcut you have seen.',
      },
      weak: 'Carries on because the crew is experienced and the job is late.',
      acceptable:
        'Stops work on that equipment until the guard is refitted, explains the risk calmly, and reports it to the supervisor.',
      strong:
        'Stops the unsafe work, gets the guard refitted, reports it, deals with the crew without blame, finds out why the guard slows them down, and fixes that so the shortcut is no longer tempting.',
      notes:
        'Look for stopping the hazard despite social and time pressure, and for tackling why the shortcut exists.',
    },
    {
      id: 'safety-2',
      situation:
        'A colleague slips on a wet floor and says they are fine and do not want the fall written up, because their team has a long run of days without an incident.',
      levels: {
        entry: 'You saw it happen and nobody else did.',
        intermediate: 'The same spot was wet last week too.',
        advanced: 'You lead the team and its safety record is celebrated.',
      },
      weak: 'Agrees not to report it to protect the record.',
      acceptable:
        'Makes sure the colleague is checked, reports the fall as required, and has the spot made safe.',
      strong:
        'Looks after the colleague, reports it properly, fixes the cause of the wet floor, and reinforces that reporting is valued more than the record.',
      notes: 'Strong answers protect the reporting culture, not the statistic.',
    },
    {
      id: 'safety-3',
      situation:
        'During a visit, you notice that a building used by {public} has a blocked fire exit. The manager on site says it is temporary and will be cleared tomorrow.',
      levels: {
        entry: 'You are there for another purpose and have no authority over the building.',
        intermediate: 'An event with a large crowd is planned in the building tonight.',
        advanced: 'You are responsible for the safety of the buildings across your area.',
      },
      weak: 'Accepts the manager’s word and leaves.',
      acceptable:
        'Asks for the exit to be cleared now, explains why, and reports it to whoever is responsible if it is not done.',
      strong:
        'Insists on clearing the exit before anyone is at risk, checks it is done, reports it properly, and looks at how exits came to be blocked.',
      notes: 'Look for treating an immediate hazard as immediate, whatever the candidate’s formal authority.',
    },
    {
      id: 'safety-4',
      situation:
        'You are asked to carry out a task you have been trained for, but the conditions today are different: the weather is bad and one of the usual team is missing.',
      levels: {
        entry: 'Your supervisor says it will be fine and wants it done today.',
        intermediate: 'Postponing means {public} go without a service for another day.',
        advanced: 'You decide whether the task goes ahead.',
      },
      weak: 'Goes ahead because the supervisor said so.',
      acceptable:
        'Reassesses the risks for today’s conditions, raises concerns, and does the task only with adequate controls, or postpones it.',
      strong:
        'Carries out a clear risk assessment, decides on the evidence, explains the decision, arranges a safe alternative for the people affected, and records it.',
      notes: 'The better answer reassesses risk when conditions change.',
    },
  ],
};

export const stewardship: Theme = {
  key: 'stewardship',
  label: 'Resource stewardship',
  keywords: [
    'budget*',
    'cost*',
    'stewardship',
    'resource*',
    'financ*',
    'fiscal',
    'spending',
    'expenditure*',
    'funds',
    'procurement',
    'value for money',
    'waste*',
    'efficien*',
  ],
  scenarios: [
    {
      id: 'stewardship-1',
      situation:
        'Near the end of the financial year, your team has money left in its budget. A colleague suggests spending it quickly on equipment nobody really needs, so the budget is not cut next year.',
      levels: {
        entry: 'You were asked to place the orders.',
        intermediate: 'There is a genuine need elsewhere that the money could meet.',
        advanced: 'You hold the budget.',
      },
      weak: 'Places the orders to protect next year’s budget.',
      acceptable:
        'Suggests spending only on genuine needs, or returning the money, and raises the concern with the budget holder.',
      strong:
        'Spends only where there is real value, explains the choice, and makes an honest case for next year’s budget based on need.',
      notes: 'Look for treating public or company money as if it were one’s own.',
    },
    {
      id: 'stewardship-2',
      situation:
        'You find that your team has been paying for a service that is hardly used. Cancelling it would save money but annoy the few people who rely on it.',
      levels: {
        entry: 'You noticed it while checking invoices.',
        intermediate: 'One of the users is a senior manager.',
        advanced: 'You manage the contracts.',
      },
      weak: 'Leaves it alone to avoid upsetting anyone.',
      acceptable:
        'Checks how it is used and by whom, and recommends cancelling or replacing it with a cheaper option.',
      strong:
        'Assesses the value honestly, finds an alternative for the people who rely on it, and brings the saving forward.',
      notes: 'The better answer weighs value, not just cost.',
    },
    {
      id: 'stewardship-3',
      situation:
        'A supplier offers a much lower price if you sign a three-year deal today. Your usual process requires comparing quotes, which takes two weeks.',
      levels: {
        entry: 'Your manager is keen to save money.',
        intermediate: 'The offer is better than anything you have seen.',
        advanced: 'You approve contracts of this size.',
      },
      weak: 'Signs today to secure the saving.',
      acceptable:
        'Explains that the process must be followed, asks the supplier to hold the offer, and gets quotes quickly.',
      strong:
        'Follows the process efficiently, tests whether the offer is good value over three years, and negotiates from a position of knowledge.',
      notes: 'Look for value for money judged properly, not bargain-hunting.',
    },
    {
      id: 'stewardship-4',
      situation:
        'Your team is asked to deliver the same service with ten percent less money next year. Everyone expects a cut to the hours that {public} can use the service.',
      levels: {
        entry: 'You are asked for ideas.',
        intermediate: 'You are asked to propose where savings come from.',
        advanced: 'You must decide and defend the savings.',
      },
      weak: 'Proposes cutting opening hours straight away.',
      acceptable:
        'Looks for savings that do not affect people first, such as waste or duplication, and explains the effect of each option.',
      strong:
        'Analyses where money goes, finds savings with the least harm, involves staff and users, and explains the choices openly.',
      notes: 'Strong answers look for efficiency before cuts.',
    },
  ],
};
