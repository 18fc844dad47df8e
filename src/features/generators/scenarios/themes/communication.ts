/** Themes: oral communication, written communication. */
import type { Theme } from '../types.js';

export const communication: Theme = {
  key: 'communication',
  label: 'Communication',
  keywords: [
    'communicat*',
    'listen*',
    'oral',
    'verbal*',
    'speak*',
    'explain*',
    'present*',
    'convey*',
    'articulat*',
    'plain language',
    'interpersonal',
  ],
  scenarios: [
    {
      id: 'communication-1',
      situation:
        'You have to tell {person} that their application has been refused. They have limited English, they brought a relative to interpret, and the relative keeps answering for them instead of translating.',
      levels: {
        entry: 'The refusal letter is already written; your job is to explain it at the counter.',
        intermediate:
          'The refusal can be appealed, but only within ten days, and the letter does not make that clear.',
        advanced:
          'Your team meets people in this situation every week, and there is no budget for professional interpreters.',
      },
      weak: 'Reads the letter aloud quickly and hands it over, or talks only to the relative.',
      acceptable:
        'Speaks to the applicant directly in short, plain sentences, checks understanding by asking them to say back what happens next, and makes sure the appeal deadline is understood.',
      strong:
        'Adapts the explanation to the person, uses the relative carefully or finds another way to interpret, confirms understanding of the decision and the deadline, follows up in writing, and proposes a lasting fix such as translated summaries or a phone interpreting service.',
      notes:
        'The test is whether the message actually lands with the person it concerns. Strong answers check understanding rather than assume it.',
    },
    {
      id: 'communication-2',
      situation:
        'In a meeting with {public}, you are asked a pointed question about a delay. You know the real cause is a mistake made inside {org}, but your manager has asked staff not to discuss internal problems in public.',
      levels: {
        entry:
          'You are there to take notes and answer questions about the schedule, and your manager is in the room.',
        intermediate: 'Your manager is absent and you are leading the meeting for the first time.',
        advanced: 'You represent {org} at the meeting, and the audience includes a local journalist.',
      },
      weak: 'Denies there is any problem, or blurts out internal details and names the people responsible.',
      acceptable:
        'Acknowledges the delay honestly, explains what it means for the audience and what is being done, and promises to follow up on what cannot be answered in the room.',
      strong:
        'Gives an honest, plain account of the delay and its effect without blaming individuals, commits to a specific follow-up, keeps the promise, and agrees with the manager beforehand or afterwards on how such questions will be answered in future.',
      notes:
        'Two goals pull apart: candour with the public and discretion inside the organization. Look for honesty without disclosure of people’s mistakes.',
    },
    {
      id: 'communication-3',
      situation:
        'A colleague from another team asks you to explain a technical process to their new staff tomorrow morning. You know the process well, but the audience has no background in it and you have only ten minutes.',
      levels: {
        entry: 'You have never presented to a group before.',
        intermediate: 'The process changed last month, and some of the audience were taught the old version.',
        advanced:
          'Several teams are affected by the change and you are expected to make sure all of them apply it the same way.',
      },
      weak: 'Walks through every step in full detail using the team’s jargon, or declines because there is not enough time.',
      acceptable:
        'Picks the few points the audience must know, explains them in plain terms with an example, and leaves time for questions.',
      strong:
        'Finds out what the audience already knows, builds the talk around what they will actually do, uses a worked example and a one-page summary, checks understanding with questions, and follows up on what was not clear.',
      notes:
        'Strong answers start from the listener, not the process. Lengthy detail is a weak answer even when accurate.',
    },
    {
      id: 'communication-4',
      situation:
        'During a busy shift, a colleague passes you a message for {person} that you realise you do not fully understand. The person is waiting for the answer, and the colleague has already left for a meeting.',
      levels: {
        entry: 'The message concerns a payment the person is expecting.',
        intermediate: 'The message seems to contradict what the person was told in writing last week.',
        advanced:
          'Messages passed between shifts are often garbled, and you are responsible for how the team hands work over.',
      },
      weak: 'Repeats the message word for word and hopes it makes sense, or guesses at what it means.',
      acceptable:
        'Tells the person honestly that the details need checking, reaches the colleague or the record to confirm, and gets back to the person with a clear answer by an agreed time.',
      strong:
        'Confirms the facts before passing anything on, gives the person a clear answer they can act on, checks that they understood it, and improves the way messages are handed over so they arrive complete.',
      notes:
        'Look for the candidate noticing a gap in their own understanding and closing it before speaking.',
    },
  ],
};

export const writtenCommunication: Theme = {
  key: 'written-communication',
  label: 'Written communication',
  keywords: [
    'writ*',
    'written',
    'report*',
    'draft*',
    'correspondence',
    'letter*',
    'memo*',
    'document*',
    'edit*',
    'grammar',
    'proofread*',
  ],
  scenarios: [
    {
      id: 'written-communication-1',
      situation:
        'You are asked to turn a six-page internal policy into a one-page notice for {public}. The policy’s author wants every condition included, and the notice must go out by the end of the week.',
      levels: {
        entry: 'Your supervisor will review your draft before it is sent.',
        intermediate: 'Two of the conditions are written in a way that could be read two ways.',
        advanced:
          'The notice will be the model for future notices across {org}, and the author is senior to you.',
      },
      weak: 'Copies the policy’s wording into a shorter layout, or drops conditions without checking whether they matter.',
      acceptable:
        'Leads with what readers must do, writes in plain language, keeps the conditions that affect them, and asks the author to confirm the meaning of the unclear parts.',
      strong:
        'Writes for the reader’s decisions, tests the draft on someone like the audience, resolves the ambiguous conditions with the author, agrees which details go in a link instead, and sets out a short guide so future notices follow the same approach.',
      notes:
        'The tension is completeness against readability. Strong answers keep what readers need, in words they use, and settle ambiguity rather than copying it.',
    },
    {
      id: 'written-communication-2',
      situation:
        'A manager asks you to send a reply, under their name, to {person} who wrote an angry letter. The manager’s draft is defensive and contains a factual error about the person’s case.',
      levels: {
        entry: 'The manager is in meetings all day and asked for the reply to go out before five.',
        intermediate: 'The error would weaken the person’s right to appeal if it were sent as written.',
        advanced:
          'The letter is likely to be published, and the manager has asked you to handle similar replies from now on.',
      },
      weak: 'Sends the draft as written because the manager approved it, or rewrites it entirely without telling the manager.',
      acceptable:
        'Corrects the factual error, softens the tone, and checks the changes with the manager before sending, even if it means a short delay.',
      strong:
        'Prepares a clear, respectful reply that answers the person’s points and corrects the error, explains the changes to the manager briefly, sends it once agreed, and proposes a short template for replies to complaints.',
      notes:
        'Look for accuracy and tone in writing, and for handling the manager openly rather than silently overriding or obeying.',
    },
    {
      id: 'written-communication-3',
      situation:
        'You are writing up an incident for the record. A colleague who was involved asks you to leave out a detail that makes them look careless, saying it is not relevant to the outcome.',
      levels: {
        entry: 'The report goes to your supervisor, who will decide what happens next.',
        intermediate: 'The detail may be relevant to an insurance claim that has not been filed yet.',
        advanced:
          'You approve incident reports for the team, and you have noticed several reports that read as if they were softened.',
      },
      weak: 'Leaves the detail out to protect the colleague, or writes it in a way that blames them.',
      acceptable:
        'Records the facts, including the detail, neutrally and without judgement, and tells the colleague how it will be described.',
      strong:
        'Writes a factual, neutral account with the detail, explains to the colleague why the record must be complete, and sets a clear standard for incident reports so they record facts rather than opinions.',
      notes: 'The writing test here is neutral, complete, factual language under social pressure.',
    },
    {
      id: 'written-communication-4',
      situation:
        'Your team’s standard email reply to a common question from {public} generates many follow-up calls. You have been asked to fix it, but the legal wording in the second paragraph must stay.',
      levels: {
        entry: 'A colleague who wrote the original is protective of it.',
        intermediate: 'The follow-up calls suggest readers misunderstand the legal paragraph itself.',
        advanced: 'The same reply is used by three teams, each of which has edited it differently.',
      },
      weak: 'Adds more text to explain everything, or rewrites the legal wording in everyday terms without checking.',
      acceptable:
        'Restructures the email so the action comes first, adds a plain explanation next to the legal paragraph, and checks the result with the colleague.',
      strong:
        'Finds out from the calls what readers misunderstand, rewrites around those points, gets the plain explanation approved alongside the legal wording, tests it, and agrees one shared version with the other teams.',
      notes: 'Strong answers use evidence of how readers misread the text and keep required wording intact.',
    },
  ],
};
