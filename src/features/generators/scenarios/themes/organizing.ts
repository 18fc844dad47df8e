/** Themes: planning and organizing, accuracy and attention to detail, project delivery. */
import type { Theme } from '../types.js';

export const planning: Theme = {
  key: 'planning',
  label: 'Planning and organizing',
  keywords: [
    'plan',
    'planning',
    'plans',
    'organiz*',
    'organis*',
    'prioriti*',
    'priority',
    'schedul*',
    'time management',
    'manag* time',
    'workload*',
    'deadline*',
    'multitask*',
    'coordinat*',
  ],
  scenarios: [
    {
      id: 'planning-1',
      situation:
        'On Monday morning you have five tasks due by Friday, each of which someone says is urgent. Together they need more hours than you have, and two depend on information from other people.',
      levels: {
        entry: 'Your supervisor assigned three of the tasks and two came directly from other teams.',
        intermediate: 'One of the tasks is for {public} and the others are internal.',
        advanced: 'You also plan the work of four colleagues who are in the same position.',
      },
      weak: 'Starts on whichever task is in front of them and works late, hoping to finish them all.',
      acceptable:
        'Lists the tasks with their real deadlines and dependencies, requests the missing information first, agrees priorities with the supervisor, and tells people early what will be late.',
      strong:
        'Plans the week around impact and dependencies, secures the inputs early, negotiates scope or dates with the people concerned, tracks progress daily, and adjusts the plan openly when things change.',
      notes: 'Look for explicit priorities based on impact, early requests for inputs and early warnings.',
    },
    {
      id: 'planning-2',
      situation:
        'You are organizing an event for sixty people in three weeks. The venue, the speakers and the catering each depend on decisions someone else has not yet made.',
      levels: {
        entry: 'A colleague is responsible for the budget and you handle the arrangements.',
        intermediate: 'Two of the speakers are only available on a date the venue cannot offer.',
        advanced: 'You run the event and a team of volunteers with varying reliability.',
      },
      weak: 'Waits for the decisions before booking anything.',
      acceptable:
        'Makes a timeline with deadlines for each decision, chases the people who must decide, and holds provisional bookings.',
      strong:
        'Builds a plan with the critical decisions and fallbacks, gets decisions made by setting clear deadlines and options, tracks progress, and keeps everyone informed.',
      notes: 'The better answer turns open questions into dated decisions with fallbacks.',
    },
    {
      id: 'planning-3',
      situation:
        'A large job you planned is running two weeks late halfway through. The plan assumed steps would go faster than they have, and the final date was promised to {public}.',
      levels: {
        entry: 'You are responsible for your own part of the plan.',
        intermediate: 'Catching up would mean dropping a lower-priority piece of work.',
        advanced: 'Several teams are working to your plan.',
      },
      weak: 'Hopes to catch up later and says nothing about the delay.',
      acceptable:
        'Re-plans with realistic durations, tells those affected early, and proposes what can be cut or moved to protect the promised date.',
      strong:
        'Reassesses the whole plan, makes the trade-offs explicit to decision makers, resets commitments honestly, and improves how estimates are made.',
      notes: 'Look for early, honest re-planning rather than optimism.',
    },
    {
      id: 'planning-4',
      situation:
        'You return from two weeks of leave to find three hundred emails, a changed schedule and a colleague who needs a handover from you today before their own leave.',
      levels: {
        entry: 'Nobody has told you what changed while you were away.',
        intermediate: 'Some of the emails contain requests from {public} with deadlines that have passed.',
        advanced: 'Your team has been without direction while you were away.',
      },
      weak: 'Works through the emails in order and misses the handover.',
      acceptable:
        'Takes the handover first, scans the emails for urgent and overdue items, deals with those, and schedules the rest.',
      strong:
        'Triages quickly, secures the handover, contacts people whose deadlines passed, re-establishes the team’s priorities, and sets up cover arrangements for future leave.',
      notes: 'Strong answers triage by consequence, not by order of arrival.',
    },
  ],
};

export const accuracy: Theme = {
  key: 'accuracy',
  label: 'Accuracy and attention to detail',
  keywords: [
    'accura*',
    'attention to detail',
    'detail*',
    'thorough*',
    'precis*',
    'error*',
    'careful*',
    'quality',
    'verif*',
    'double-check*',
    'check* work',
    'correct*',
  ],
  scenarios: [
    {
      id: 'accuracy-1',
      situation:
        'You are entering a batch of payments that must go out today. Halfway through, you notice that a figure in the source list does not match the supporting paperwork, and the person who prepared the list has gone home.',
      levels: {
        entry: 'The difference is small and the payment is due today.',
        intermediate: 'Checking every other figure in the batch would take the rest of the afternoon.',
        advanced: 'You approve the batch, and errors like this have reached payments before.',
      },
      weak: 'Uses the figure in the list because that is what they were given, or holds the whole batch without telling anyone.',
      acceptable:
        'Holds back the payment in doubt, sends the rest, checks similar entries for the same error, and sorts out the figure with the preparer first thing.',
      strong:
        'Isolates and resolves the discrepancy, checks the batch proportionately for related errors, tells those affected about any delay, and fixes the step where the mismatch came in.',
      notes: 'Look for catching and containing the error while keeping the rest of the work moving.',
    },
    {
      id: 'accuracy-2',
      situation:
        'A colleague asks you to proofread a document that goes to {public} in an hour. You find several errors, including one in a date that matters.',
      levels: {
        entry: 'The colleague is senior and has said the document is basically done.',
        intermediate: 'Fixing the date means checking it against another department’s records.',
        advanced: 'Documents from your team often go out with errors, and you set the checks.',
      },
      weak: 'Fixes the typing errors and misses or ignores the date.',
      acceptable:
        'Flags every error to the colleague, puts the date question first, and makes sure it is verified before sending.',
      strong:
        'Checks the important facts as well as the wording, verifies the date at its source, explains the findings clearly, and proposes a simple check for future documents.',
      notes: 'The better answer distinguishes errors that matter from cosmetic ones.',
    },
    {
      id: 'accuracy-3',
      situation:
        'Your team is told to clear a backlog by the end of the month. A quick way to do it skips one of the checks, and your supervisor has hinted that this would be acceptable.',
      levels: {
        entry: 'Everyone else on the team is already skipping the check.',
        intermediate: 'Skipping the check has caused an error before.',
        advanced: 'You decide how the backlog is cleared.',
      },
      weak: 'Skips the check because the supervisor hinted it was fine.',
      acceptable:
        'Keeps the check, or asks the supervisor to confirm in writing that skipping it is acceptable, and works efficiently to meet the target.',
      strong:
        'Finds a way to clear the backlog without losing accuracy, such as a risk-based check, agrees it openly, and tracks errors to show it works.',
      notes: 'Look for protecting accuracy without ignoring the deadline.',
    },
    {
      id: 'accuracy-4',
      situation:
        'You discover that a spreadsheet your team relies on has a formula error that has affected figures for months. Nobody has complained.',
      levels: {
        entry: 'You are not sure you are right about the error.',
        intermediate: 'The figures were used in reports to management.',
        advanced: 'The figures informed decisions about funding.',
      },
      weak: 'Fixes the formula quietly and says nothing.',
      acceptable:
        'Confirms the error, tells the supervisor, fixes it, and works out which figures were affected.',
      strong:
        'Verifies and fixes the error, assesses its effect, makes sure decisions based on it are reviewed, and adds checks so such errors are caught.',
      notes: 'Strong answers follow the error through to everything it touched.',
    },
  ],
};

export const projectDelivery: Theme = {
  key: 'project-delivery',
  label: 'Project delivery',
  keywords: [
    'project*',
    'milestone*',
    'results orientation',
    'results-oriented',
    'achievement orientation',
    'challenging goals',
    'outcomes',
    'deliverable*',
    'scope',
    'on time and within budget',
    'programme*',
    'program management',
    'implementation',
    'results-oriented',
  ],
  scenarios: [
    {
      id: 'project-delivery-1',
      situation:
        'A project is due in four weeks. A key supplier has just said their part will be three weeks late, and the launch date has been announced to {public}.',
      levels: {
        entry: 'You track the project’s tasks for the project lead.',
        intermediate: 'You run the workstream that depends on the supplier.',
        advanced: 'You are the project lead and the sponsor wants the date kept at any cost.',
      },
      weak: 'Keeps the date and hopes the supplier catches up, or tells the sponsor the project will be late without options.',
      acceptable:
        'Confirms the supplier’s new date, works out options such as a partial launch or a new date, and takes them to the decision maker quickly.',
      strong:
        'Sets out realistic options with their costs and risks, recommends one, secures a decision, communicates it openly, and manages the supplier to protect the new plan.',
      notes: 'Look for early escalation with options, not bad news alone.',
    },
    {
      id: 'project-delivery-2',
      situation:
        'Partway through a project, the people who asked for it keep adding requests. Each is small, but together they threaten the deadline and the budget.',
      levels: {
        entry: 'The requests come to you directly and informally.',
        intermediate: 'One of the requesters is senior to your project lead.',
        advanced: 'You own the project’s scope and budget.',
      },
      weak: 'Agrees to every request to keep people happy.',
      acceptable:
        'Records each request, explains the effect on time and cost, and gets a decision before doing extra work.',
      strong:
        'Sets up a simple way to handle changes, makes trade-offs visible, agrees priorities with the sponsor, and keeps the project within agreed limits.',
      notes: 'The better answer controls scope without being obstructive.',
    },
    {
      id: 'project-delivery-3',
      situation:
        'A project is finished on paper, but the people who are meant to use the result are not using it. The project team has been disbanded and everyone has moved on.',
      levels: {
        entry: 'You were a member of the project team.',
        intermediate: 'You are responsible for the service the project was meant to improve.',
        advanced: 'You sponsored the project and its benefits were promised to senior management.',
      },
      weak: 'Considers the project done because it was delivered.',
      acceptable:
        'Finds out why the result is not used, fixes the simplest barriers, and reports what more is needed.',
      strong:
        'Treats adoption as part of delivery, finds the real barriers, organizes the fixes and support needed, and tracks use until the benefits appear.',
      notes: 'Look for judging success by outcomes, not outputs.',
    },
    {
      id: 'project-delivery-4',
      situation:
        'Two weeks before a deadline, a team member tells you their part is much further behind than the status reports showed. They were afraid to say so earlier.',
      levels: {
        entry: 'The team member is your peer.',
        intermediate: 'You manage the schedule and the status reports.',
        advanced: 'You lead the project and this is not the first report that turned out to be optimistic.',
      },
      weak: 'Reprimands the team member and takes over their work.',
      acceptable:
        'Finds out the real state of the work, re-plans with the team, reports the true status, and supports the team member to catch up.',
      strong:
        'Recovers the plan openly, thanks the person for speaking up, changes how progress is reported so problems surface early, and builds a climate where bad news travels fast.',
      notes: 'Strong answers fix the delivery and the reporting culture together.',
    },
  ],
};
