/** Themes: problem solving, analysis, decision making. */
import type { Theme } from '../types.js';

export const problemSolving: Theme = {
  key: 'problem-solving',
  label: 'Problem solving',
  keywords: [
    'problem*',
    'solv*',
    'solution*',
    'root cause*',
    'resourceful*',
    'obstacle*',
    'workaround*',
    'issue resolution',
  ],
  scenarios: [
    {
      id: 'problem-solving-1',
      situation:
        'For the third week running, a batch of requests from {public} has gone missing between the online form and your team’s queue. Each time the requests turned up days later, and each time the people affected were phoned to apologise.',
      levels: {
        entry: 'You noticed the pattern; nobody has asked you to look into it.',
        intermediate: 'The form belongs to another department, which says its end is working fine.',
        advanced:
          'The problem crosses three teams and a supplier, and senior management wants an answer by Friday.',
      },
      weak: 'Keeps phoning people to apologise and waits for someone else to fix it.',
      acceptable:
        'Records when and how the requests go missing, shares the evidence with the people who own the form, and sets up a daily check so none are lost meanwhile.',
      strong:
        'Protects the people affected with an interim check, gathers evidence to find the root cause, brings the owners of each step together to fix it, and confirms afterwards that no requests are lost.',
      notes: 'Strong answers move from symptom to cause and protect people while the cause is found.',
    },
    {
      id: 'problem-solving-2',
      situation:
        'A request comes in that your procedures do not cover. The person needs an answer by tomorrow, and the two colleagues you ask give you opposite advice.',
      levels: {
        entry: 'Your supervisor is on leave until next week.',
        intermediate: 'Either answer could be defended, and getting it wrong would be costly for the person.',
        advanced: 'Cases like this are becoming common, and your team looks to you to set the answer.',
      },
      weak: 'Picks whichever colleague sounds more confident, or tells the person the office cannot help.',
      acceptable:
        'Works out what the rules are trying to achieve, checks any related guidance or precedent, consults someone with authority, and gives the person a clear answer and the reasons.',
      strong:
        'Frames the question precisely, gathers the relevant rules and precedents, weighs the options against their purpose, makes a defensible call with the right sign-off, explains it, and gets the procedures updated for the next case.',
      notes: 'The better answer reasons from the purpose of the rules and closes the gap for others.',
    },
    {
      id: 'problem-solving-3',
      situation:
        'A simple fix is available for a recurring problem: it would stop the immediate complaints, but you suspect it hides a deeper fault that will cost more later.',
      levels: {
        entry: 'A colleague suggests you apply the fix and move on, since everyone else does.',
        intermediate: 'Finding the deeper fault would take two days you do not have this week.',
        advanced: 'You decide how the team spends its time, and other work is already behind.',
      },
      weak: 'Applies the quick fix and forgets about it, or refuses to apply it until the deeper fault is found.',
      acceptable:
        'Applies the quick fix to stop the harm, records the suspicion, and arranges time to investigate the deeper fault.',
      strong:
        'Stops the harm now, makes the case for investigating the underlying fault with what it may cost if ignored, plans the work, and checks afterwards that the real cause is gone.',
      notes: 'Look for the balance between immediate relief and lasting cure.',
    },
    {
      id: 'problem-solving-4',
      situation:
        'A process that used to take a day now takes a week, and people blame each other. Nobody has looked at where the time actually goes.',
      levels: {
        entry: 'You handle one step of the process.',
        intermediate: 'You have access to the records of the last hundred cases.',
        advanced: 'The process spans several teams and you have been asked to fix it within a month.',
      },
      weak: 'Assumes the slowest-looking team is the cause and says so.',
      acceptable:
        'Tracks a sample of cases through each step to find where the delay is, and shares the findings with the people involved.',
      strong:
        'Measures where the time goes, tests explanations against the data, involves each team in fixing their part, and tracks the result over the following weeks.',
      notes: 'The strong answer is evidence first and blame last.',
    },
  ],
};

export const analysis: Theme = {
  key: 'analysis',
  label: 'Analytical thinking',
  keywords: [
    'analy*',
    'evaluat*',
    'assess*',
    'interpret*',
    'research*',
    'investigat*',
    'critical thinking',
    'reasoning',
    'logic*',
    'synthes*',
    'evidence',
  ],
  scenarios: [
    {
      id: 'analysis-1',
      situation:
        'You are asked to compare two options for a new service and recommend one by Thursday. The figures you were given favour option A, but you notice they leave out staff time, which would change the picture.',
      levels: {
        entry: 'Your manager prepared the figures and asked you only to tidy them up.',
        intermediate: 'The staff time is hard to estimate and any number will be challenged.',
        advanced: 'The decision commits {org} for five years and a senior leader already favours option A.',
      },
      weak: 'Presents the figures as given, or quietly adds a guess for staff time without saying so.',
      acceptable:
        'Points out the missing staff time, makes a reasoned estimate, shows how it changes the comparison, and states the uncertainty.',
      strong:
        'Builds a fair comparison including staff time, tests how sensitive the recommendation is to the estimates, presents the result and its limits clearly, and raises it with the senior leader before the meeting.',
      notes: 'Look for noticing what is missing, estimating it honestly and showing the uncertainty.',
    },
    {
      id: 'analysis-2',
      situation:
        'Two reports on the same problem reach opposite conclusions. Your manager wants a one-paragraph summary of what is going on for a meeting this afternoon.',
      levels: {
        entry: 'You have an hour and no background on the topic.',
        intermediate: 'One report was written by a team that would gain from its conclusion.',
        advanced: 'Your summary will decide whether a large programme goes ahead.',
      },
      weak: 'Summarises the report that seems more convincing, or lists both conclusions without comment.',
      acceptable:
        'Compares the evidence and methods of each report, explains where they differ and why, and says what is known and what is not.',
      strong:
        'Identifies the specific points of disagreement and their causes, weighs the quality of evidence, notes any interest that may colour a conclusion, states what would settle the question, and gives a clear, qualified view.',
      notes: 'Strong answers explain the disagreement rather than pick a winner.',
    },
    {
      id: 'analysis-3',
      situation:
        'Complaints from {public} have doubled this quarter. A colleague says the new system must be the cause, and a fix is being planned on that basis.',
      levels: {
        entry: 'You log the complaints and have noticed they are mostly from one area.',
        intermediate:
          'Other changes happened in the same quarter, including a new team member and a price change.',
        advanced: 'The system fix is costly, and you have been asked to confirm it is the right priority.',
      },
      weak: 'Agrees the system is the cause because the timing fits.',
      acceptable:
        'Looks at the complaints in detail, checks whether the rise fits the system change or something else, and shares what the data shows before the fix goes ahead.',
      strong:
        'Breaks the complaints down by type, area and time, tests each possible cause against the data, presents a clear finding with its confidence, and recommends where to act first.',
      notes: 'Look for separating coincidence from cause before committing resources.',
    },
    {
      id: 'analysis-4',
      situation:
        'You are reviewing an application that meets every written rule, but several details do not fit together: the dates, the addresses and the amounts each look slightly off.',
      levels: {
        entry: 'Approving it today would clear your backlog.',
        intermediate: 'Asking for more information will upset an applicant who has been waiting a long time.',
        advanced: 'You set the checks the team uses, and this pattern may have been missed before.',
      },
      weak: 'Approves it because it meets the rules, or rejects it on a hunch without explaining why.',
      acceptable:
        'Sets out the inconsistencies, checks them against the records, and asks the applicant for specific clarification.',
      strong:
        'Documents the inconsistencies, checks them systematically, asks for clarification fairly, decides on the evidence, and reviews similar past cases and the checks used.',
      notes: 'The better answer trusts evidence over both the checklist and the hunch.',
    },
  ],
};

export const decisionMaking: Theme = {
  key: 'decision-making',
  label: 'Decision making and judgment',
  keywords: [
    'decision*',
    'decisive*',
    'decid*',
    'judgment',
    'judgement',
    'sound judg*',
    'weigh*',
    'choos*',
    'trade-off*',
    'alternatives',
  ],
  scenarios: [
    {
      id: 'decision-making-1',
      situation:
        'You must decide by the end of the day whether to go ahead with an event for {public} tomorrow. The weather forecast is uncertain, cancelling late wastes money, and going ahead in bad weather could be unsafe.',
      levels: {
        entry: 'Your supervisor left you the decision with a checklist that does not cover this forecast.',
        intermediate: 'The people who organized the event with you disagree on what to do.',
        advanced:
          'You also have to decide for two other events, and whatever you decide will set the rule for future ones.',
      },
      weak: 'Postpones the decision until the morning, or goes ahead because cancelling is expensive.',
      acceptable:
        'Gathers the best forecast available, weighs the risks and costs, sets a clear point at which to cancel, decides, and tells everyone in time.',
      strong:
        'Makes a timely, reasoned decision with a fallback plan, communicates it and the reasons clearly, prepares to act if things change, and afterwards writes the criteria down for future events.',
      notes: 'Look for a decision made on time with imperfect information, with the reasons and a fallback.',
    },
    {
      id: 'decision-making-2',
      situation:
        'You have one opening next week and two requests that both seem urgent: one from {person} who has waited longest, and one from someone whose situation is more serious but who asked only yesterday.',
      levels: {
        entry: 'The usual rule is first come, first served.',
        intermediate: 'Both people have asked you to explain your choice.',
        advanced: 'Your team faces this choice often and applies different rules.',
      },
      weak: 'Follows whatever the first person says is fair, or chooses by who pushes hardest.',
      acceptable:
        'Applies the established rule or, if it clearly fails, seeks approval to make an exception, and explains the decision honestly to both people.',
      strong:
        'Weighs need, fairness and the rules, makes and owns a decision with the right sign-off, helps the other person with the best alternative, and proposes a clear priority rule for the team.',
      notes: 'The better answer reasons openly about competing claims and is consistent.',
    },
    {
      id: 'decision-making-3',
      situation:
        'You made a decision last week that now looks wrong in light of new information. Changing it would cause inconvenience and may make you look indecisive.',
      levels: {
        entry: 'Nobody else has noticed yet.',
        intermediate: 'Other people have already acted on the decision.',
        advanced: 'The decision was announced widely and your team defended it in public.',
      },
      weak: 'Sticks to the decision to save face, or reverses it quietly without telling those affected.',
      acceptable:
        'Reviews the new information, changes the decision if it is clearly better to, and tells those affected why.',
      strong:
        'Reassesses openly, changes course if warranted, explains the change and its reasons, limits the disruption, and shares what the team will do differently next time.',
      notes: 'Look for judgment that updates on evidence without ego.',
    },
    {
      id: 'decision-making-4',
      situation:
        'A colleague asks you to sign off on a purchase that is just under your approval limit. You suspect the amount was set to avoid a higher level of review, but the purchase itself seems reasonable.',
      levels: {
        entry: 'The colleague is senior to you and in a hurry.',
        intermediate: 'This is the second purchase from the same supplier this month.',
        advanced: 'You set the approval limits, and splitting purchases seems to be common.',
      },
      weak: 'Signs it because the item is reasonable and it is within the limit.',
      acceptable:
        'Asks about the purchase and any related ones, and refers it for the proper level of review if it looks split.',
      strong:
        'Checks the whole picture before deciding, refers it to the right level if needed, explains why without accusing, and tightens the approval rules so splitting is caught.',
      notes: 'The better answer looks past the rule’s letter to its purpose.',
    },
  ],
};
