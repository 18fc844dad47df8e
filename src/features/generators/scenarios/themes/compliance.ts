/** Themes: records and compliance, policy application. */
import type { Theme } from '../types.js';

export const records: Theme = {
  key: 'records',
  label: 'Records and compliance',
  keywords: [
    'record*',
    'recordkeeping',
    'record-keeping',
    'documentation',
    'filing',
    'files',
    'complian*',
    'audit*',
    'retention',
    'paperwork',
    'log',
    'logs',
    'archiv*',
  ],
  scenarios: [
    {
      id: 'records-1',
      situation:
        'An auditor is due next week. While preparing, you find that a set of files from last year is incomplete: several required signatures are missing, and the people who should have signed have left.',
      levels: {
        entry: 'A colleague suggests asking current staff to sign on their behalf.',
        intermediate: 'The missing signatures relate to payments that were made.',
        advanced: 'You are responsible for the records, and the audit findings will be published.',
      },
      weak: 'Gets the files signed now by whoever is available, or hides them from the audit.',
      acceptable:
        'Leaves the records as they are, notes the gaps and what is known about each, and tells the supervisor and the auditor openly.',
      strong:
        'Documents the gaps honestly, gathers any other evidence that the work was authorised, discloses it to the auditor, and fixes the process so signatures cannot be missed.',
      notes:
        'Look for refusing to create false records while still doing everything legitimate to support them.',
    },
    {
      id: 'records-2',
      situation:
        'You are very busy, and a colleague suggests updating the case records at the end of the week rather than after each contact, as the rules require. Most of the team already does this.',
      levels: {
        entry: 'You are new and want to fit in.',
        intermediate: 'A case went wrong last month because a record was out of date.',
        advanced: 'You supervise the team and have seen the backlog of unrecorded contacts.',
      },
      weak: 'Joins in and updates records weekly.',
      acceptable:
        'Keeps records up to date as required, using small pockets of time, and raises the workload problem with the supervisor.',
      strong:
        'Keeps current records, shows how to do it efficiently, raises the risk and workload with evidence, and works on a practical fix such as simpler forms.',
      notes: 'The better answer complies and also tackles why others do not.',
    },
    {
      id: 'records-3',
      situation:
        '{Person} asks for a copy of all records your office holds about them. Some of the records mention other people, and your office has no clear process for such requests.',
      levels: {
        entry: 'The request came to you at the counter.',
        intermediate: 'The legal deadline to respond is close.',
        advanced: 'Requests like this are increasing and you have been asked to set the process.',
      },
      weak: 'Hands over everything, including other people’s details, or refuses the request.',
      acceptable:
        'Acknowledges the request, checks the rules, gathers the records, protects other people’s information, and responds on time.',
      strong:
        'Handles the request correctly and on time, explains to the person what they will receive, and sets up a simple, documented process for future requests.',
      notes: 'Look for knowing one’s obligations to both the requester and third parties.',
    },
    {
      id: 'records-4',
      situation:
        'You are told to clear out old files to make room for a move. Some of them are past their retention period, but one box relates to a dispute that may not be over.',
      levels: {
        entry: 'The move is on Friday and the removal company is booked.',
        intermediate: 'The retention schedule is unclear on this type of file.',
        advanced: 'You are responsible for records across several teams.',
      },
      weak: 'Throws out all the old files to meet the move date.',
      acceptable:
        'Disposes only of files clearly past retention, keeps the disputed box, and checks with whoever can confirm its status.',
      strong:
        'Applies the retention rules carefully, holds anything that may be needed, documents what was destroyed, and gets the schedule clarified.',
      notes: 'Strong answers keep a defensible record of what happened to records.',
    },
  ],
};

export const policyApplication: Theme = {
  key: 'policy-application',
  label: 'Applying rules and policy',
  keywords: [
    'polic*',
    'procedur*',
    'regulat*',
    'rules',
    'legislat*',
    'statut*',
    'guideline*',
    'standards',
    'laws',
    'ordinance*',
    'eligib*',
    'code*',
  ],
  scenarios: [
    {
      id: 'policy-application-1',
      situation:
        '{Person} does not meet one condition of a scheme by a narrow margin. Refusing them seems harsh, and they argue that the condition was not meant for cases like theirs.',
      levels: {
        entry: 'You have no authority to make exceptions.',
        intermediate:
          'The rules allow discretion in exceptional cases, but nobody has defined what that means.',
        advanced: 'You decide how the scheme is applied, and similar cases are likely to follow.',
      },
      weak: 'Approves it because the margin is small, or refuses without explaining the options.',
      acceptable:
        'Applies the rule as written, explains it clearly, and tells the person about any review, appeal or alternative.',
      strong:
        'Checks the purpose of the rule and any discretion it allows, makes a consistent, documented decision, explains it, and raises the gap so the rule is clarified.',
      notes: 'Look for consistent application and use of proper routes for discretion.',
    },
    {
      id: 'policy-application-2',
      situation:
        'A new regulation takes effect today. Your team’s forms and guidance still reflect the old rules, and {public} are already asking about the change.',
      levels: {
        entry: 'You have read the regulation but nobody has briefed the team.',
        intermediate: 'The regulation is unclear on how it applies to cases already in progress.',
        advanced: 'You are responsible for putting the regulation into practice for your area.',
      },
      weak: 'Carries on with the old forms until told otherwise.',
      acceptable:
        'Applies the new rules to new cases, tells the supervisor about the outdated materials, and gives people accurate answers.',
      strong:
        'Gets authoritative guidance on the unclear points, updates materials quickly, briefs the team, and keeps a record of how cases in progress were handled.',
      notes: 'Strong answers translate a rule into consistent practice quickly.',
    },
    {
      id: 'policy-application-3',
      situation:
        'A senior manager asks you to process a request in a way that does not follow the written procedure. They say it is a special case and they take responsibility.',
      levels: {
        entry: 'You do not know whether the manager has the authority to do this.',
        intermediate: 'The procedure exists to prevent fraud.',
        advanced: 'Requests like this come to your team regularly from the same manager.',
      },
      weak: 'Processes it as asked because the manager is senior.',
      acceptable:
        'Asks for the instruction in writing, checks whether the manager has authority to make the exception, and proceeds only if it is legitimate.',
      strong:
        'Explains the procedure’s purpose politely, seeks the proper authority for any exception, records the decision, and raises the pattern appropriately.',
      notes: 'Look for courage and correct use of authority, not obstruction.',
    },
    {
      id: 'policy-application-4',
      situation:
        'Two parts of the guidance your team follows contradict each other on a common situation. Staff have been resolving it in different ways.',
      levels: {
        entry: 'You noticed the contradiction while handling a case today.',
        intermediate: 'The different approaches lead to different outcomes for {public}.',
        advanced: 'You own the guidance.',
      },
      weak: 'Picks whichever part seems easier.',
      acceptable:
        'Raises the contradiction with the supervisor, applies the more cautious interpretation meanwhile, and records the decision.',
      strong:
        'Documents the contradiction and its effects, gets an authoritative ruling, updates the guidance, briefs staff, and reviews affected cases.',
      notes: 'The better answer fixes the guidance and the cases it affected.',
    },
  ],
};
