/** Themes: initiative, continuous learning. */
import type { Theme } from '../types.js';

export const initiative: Theme = {
  key: 'initiative',
  label: 'Initiative',
  keywords: [
    'initiative*',
    'proactiv*',
    'self-start*',
    'self-motivat*',
    'motivat*',
    'drive',
    'takes action',
    'anticipat*',
    'beyond',
    'without being asked',
    'independen*',
  ],
  scenarios: [
    {
      id: 'initiative-1',
      situation:
        'You notice that {public} often arrive without a document they need, and have to come back another day. Nobody has asked you to do anything about it, and your own workload is full.',
      levels: {
        entry: 'You could mention it, but you are not sure it is your place.',
        intermediate: 'Fixing it would mean changing a letter another team sends out.',
        advanced: 'The problem costs your team hours each week and you set its priorities.',
      },
      weak: 'Tells each person to come back with the document and does nothing more.',
      acceptable:
        'Raises the problem with a simple, practical suggestion, and helps put it into practice if agreed.',
      strong:
        'Gathers quick evidence of how often it happens, proposes a specific fix, works with the other team to make it happen, and checks that repeat visits fall.',
      notes: 'Look for acting on a problem outside one’s job description, in a way that fits one’s role.',
    },
    {
      id: 'initiative-2',
      situation:
        'You finish your assigned work early on a quiet afternoon. Your supervisor is out, and there is a backlog of unglamorous tasks that nobody has been told to do.',
      levels: {
        entry: 'You are not sure which tasks you are allowed to do.',
        intermediate: 'One task in the backlog is overdue and could cause a problem next week.',
        advanced: 'The backlog keeps growing, and you allocate the team’s work.',
      },
      weak: 'Waits until someone gives them more work.',
      acceptable:
        'Picks up useful backlog tasks within their role, starting with the overdue one, and tells the supervisor what they did.',
      strong:
        'Prioritises the backlog sensibly, clears what they can, flags what needs a decision, and suggests how to keep the backlog from building up.',
      notes: 'Strong answers show initiative with judgment about scope and priority.',
    },
    {
      id: 'initiative-3',
      situation:
        'A process your team uses is clearly out of date, and you can see a better way. Your manager has said more than once that there is no time for improvements this year.',
      levels: {
        entry: 'You could try the better way on your own cases.',
        intermediate: 'The change would need another team’s agreement.',
        advanced: 'The change would touch several teams and require a modest budget.',
      },
      weak: 'Drops the idea because the manager said no time, or makes the change without telling anyone.',
      acceptable:
        'Writes up the idea briefly with its benefits and costs, offers to trial it with little effort, and accepts the manager’s decision.',
      strong:
        'Builds a short, evidence-based case, proposes a low-risk trial, wins support from those affected, and follows through to show results.',
      notes: 'Look for initiative that works with the organization, not around it.',
    },
    {
      id: 'initiative-4',
      situation:
        'You hear that {org} will soon have to meet a new requirement that will affect your work. No plan has been announced, and colleagues assume someone senior is handling it.',
      levels: {
        entry: 'You read about the requirement in a news item.',
        intermediate: 'The requirement takes effect in three months and your area will be hit first.',
        advanced: 'You lead the area most affected.',
      },
      weak: 'Assumes it is being handled and waits.',
      acceptable:
        'Checks whether anyone is working on it, shares what they know, and offers to help prepare.',
      strong:
        'Finds out what the requirement means for the work, raises it with the right people early, proposes first steps, and takes on a share of the preparation.',
      notes: 'The better answer anticipates rather than reacts.',
    },
  ],
};

export const learning: Theme = {
  key: 'learning',
  label: 'Continuous learning',
  keywords: [
    'learn*',
    'self-develop*',
    'professional development',
    'continuous improvement',
    'feedback',
    'knowledge',
    'skill development',
    'training',
    'growth',
    'curious',
    'curiosity',
  ],
  scenarios: [
    {
      id: 'learning-1',
      situation:
        'You are given a task that needs a skill you do not yet have. Asking for help feels like admitting weakness, and the deadline is in a week.',
      levels: {
        entry: 'Everyone else on the team seems to have the skill already.',
        intermediate: 'There is a course, but it runs after the deadline.',
        advanced: 'Your team will need the skill more and more, and you decide how it is built.',
      },
      weak: 'Struggles alone and delivers poor work, or hands the task back.',
      acceptable:
        'Admits the gap, asks a colleague for guidance, uses what resources are available, and delivers the task with help.',
      strong:
        'Quickly plans how to learn what is needed, gets targeted help, delivers the task, and shares what they learned so others can build the skill.',
      notes: 'Look for honest acknowledgement of the gap and an active plan to close it.',
    },
    {
      id: 'learning-2',
      situation:
        'A review of your work points out a pattern of errors you were not aware of. You believe some of them come from unclear guidance rather than from you.',
      levels: {
        entry: 'The review came from your supervisor.',
        intermediate: 'The review came from a colleague more junior than you.',
        advanced: 'The review will be shared with your team, and you wrote some of the guidance.',
      },
      weak: 'Disputes the review and blames the guidance.',
      acceptable:
        'Takes the feedback seriously, works to correct the errors, and suggests improvements to the guidance.',
      strong:
        'Seeks to understand each error, changes their practice and checks it works, improves the guidance, and thanks the reviewer.',
      notes: 'Strong answers treat feedback as information, including feedback from below.',
    },
    {
      id: 'learning-3',
      situation:
        'A method you have used successfully for years is being replaced by one that research suggests is better. You are not convinced, and learning it will take time you do not have.',
      levels: {
        entry: 'You learned the old method in training only a year ago.',
        intermediate: 'Colleagues look to you as the expert in the old method.',
        advanced: 'You are expected to lead the switch.',
      },
      weak: 'Keeps using the old method and dismisses the research.',
      acceptable:
        'Reads the evidence with an open mind, learns the new method, and raises specific concerns.',
      strong:
        'Tests the new method against experience, learns it thoroughly, shares findings honestly, and helps others make the change.',
      notes: 'Look for openness to evidence that challenges one’s own expertise.',
    },
    {
      id: 'learning-4',
      situation:
        'After something goes wrong on a job, the team is keen to move on. You think there are lessons worth drawing, but a review would take time away from a busy schedule.',
      levels: {
        entry: 'You were only a small part of the job.',
        intermediate: 'The same thing went wrong last year.',
        advanced: 'You lead the team and decide whether reviews happen.',
      },
      weak: 'Moves on with everyone else.',
      acceptable: 'Suggests a short, focused review and notes the lessons for next time.',
      strong:
        'Runs or proposes a brief, blame-free review, turns the lessons into specific changes, and checks later that they stuck.',
      notes: 'The better answer turns experience into change.',
    },
  ],
};
