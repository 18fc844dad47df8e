/** Themes: technical troubleshooting, data literacy. */
import type { Theme } from '../types.js';

export const troubleshooting: Theme = {
  key: 'troubleshooting',
  label: 'Technical troubleshooting',
  keywords: [
    'troubleshoot*',
    'diagnos*',
    'repair*',
    'maintenance',
    'malfunction*',
    'equipment',
    'technical',
    'technolog*',
    'system',
    'fault*',
    'mechanical',
    'software',
    'hardware',
    'tools',
  ],
  scenarios: [
    {
      id: 'troubleshooting-1',
      situation:
        'A piece of equipment that {public} rely on has failed for the second time this week. The quick reset worked last time, and people are waiting to use it now.',
      levels: {
        entry: 'You are trained on the reset but not on deeper repairs.',
        intermediate: 'The fault log shows an error you have not seen before.',
        advanced: 'Several sites use the same model, and you decide whether to take them all out of service.',
      },
      weak: 'Resets it again and moves on, or takes it out of service without telling anyone what is wrong.',
      acceptable:
        'Restores service safely if possible, records the symptoms and error, reports the repeat failure, and arranges for the cause to be investigated.',
      strong:
        'Works methodically from symptoms to likely causes, restores service only if safe, documents findings, escalates with evidence, and checks the other sites for the same fault.',
      notes: 'Look for a method: observe, isolate, test, record. Repeated resets without diagnosis are weak.',
    },
    {
      id: 'troubleshooting-2',
      situation:
        'Users report that a system is slow, but only some of them and only at certain times. The supplier says everything is fine on their side.',
      levels: {
        entry: 'You take the reports and handle first-line fixes.',
        intermediate: 'You have access to the system logs and a test environment.',
        advanced: 'The problem affects several departments and the supplier contract is up for renewal.',
      },
      weak: 'Tells users to restart their computers and closes the reports.',
      acceptable:
        'Collects details of when and where the problem happens, looks for a common factor, and shares the evidence with the supplier.',
      strong:
        'Gathers precise data, forms and tests hypotheses one at a time, rules out causes systematically, presents the evidence to the supplier, and confirms the fix with the users.',
      notes: 'The better answer narrows the problem with evidence before blaming anyone.',
    },
    {
      id: 'troubleshooting-3',
      situation:
        'A repair is needed urgently, but the correct part will not arrive for a week. A colleague suggests an improvised fix using a part meant for another model.',
      levels: {
        entry: 'The colleague is more experienced than you.',
        intermediate: 'The improvised fix would probably work but is not approved by the manufacturer.',
        advanced: 'You are responsible for the decision, and the equipment is used by {public}.',
      },
      weak: 'Fits the improvised part because the colleague says it will work.',
      acceptable:
        'Checks whether the improvised fix is safe and allowed, and if not, arranges a safe interim measure and tells users about the wait.',
      strong:
        'Weighs the risks with evidence, consults the manufacturer or a specialist, chooses a safe interim solution, records the decision, and sources parts faster in future.',
      notes: 'Look for balancing urgency with safety and documented decisions.',
    },
    {
      id: 'troubleshooting-4',
      situation:
        'After an update to a system, one feature stopped working. Rolling back the update would fix it but would also remove a security fix that came with the update.',
      levels: {
        entry: 'You were asked to report the issue, not to decide.',
        intermediate: 'Users are working around the broken feature in ways that create errors.',
        advanced: 'You own the system and both choices carry risk.',
      },
      weak: 'Rolls back the update to restore the feature.',
      acceptable:
        'Documents the problem, works out the risk of each option, and takes it to the decision maker with a recommendation.',
      strong:
        'Isolates the cause, looks for a targeted fix that keeps the security patch, offers users a safe workaround meanwhile, and reviews how updates are tested.',
      notes: 'Strong answers avoid trading one risk for another without analysis.',
    },
  ],
};

export const dataLiteracy: Theme = {
  key: 'data-literacy',
  label: 'Data literacy',
  keywords: [
    'data',
    'statistic*',
    'metric*',
    'quantitative',
    'numer*',
    'spreadsheet*',
    'figures',
    'dashboard*',
    'measur*',
    'calculat*',
    'mathemat*',
    'arithmetic',
    'chart*',
    'trend*',
  ],
  scenarios: [
    {
      id: 'data-literacy-1',
      situation:
        'A dashboard shows that the average time to handle a request has fallen sharply, and your manager wants to announce the improvement. You notice that the number of requests closed without action has also risen.',
      levels: {
        entry: 'You prepared the dashboard but do not decide what is announced.',
        intermediate: 'Your team’s bonus is tied to the average time.',
        advanced: 'The figures will be used in a report to the board.',
      },
      weak: 'Lets the announcement go ahead because the number is correct.',
      acceptable:
        'Points out the rise in closures without action, checks whether it explains the fall, and suggests presenting both figures.',
      strong:
        'Investigates how the two figures relate, presents an honest picture with the caveats, suggests a better measure, and makes sure the announcement is accurate.',
      notes: 'Look for reading a number in context rather than accepting it at face value.',
    },
    {
      id: 'data-literacy-2',
      situation:
        'You are asked to show whether a new service is working. There are only six weeks of data, and the numbers went up in week five, just when a holiday period started.',
      levels: {
        entry: 'You were asked for a chart by tomorrow.',
        intermediate: 'The people who designed the service are hoping for good news.',
        advanced: 'Your conclusion will decide whether the service is funded for another year.',
      },
      weak: 'Reports the rise as proof that the service works.',
      acceptable:
        'Shows the data honestly, notes the short period and the holiday effect, and suggests what more data is needed.',
      strong:
        'Compares with the same period last year or another benchmark, states the uncertainty plainly, recommends how to measure properly, and gives a fair interim view.',
      notes: 'The better answer separates signal from coincidence and says how sure it is.',
    },
    {
      id: 'data-literacy-3',
      situation:
        'Two colleagues send you their figures for the same measure that differ by twenty percent. Both say theirs is right, and you need one figure for a report today.',
      levels: {
        entry: 'The colleagues are both more senior than you.',
        intermediate: 'Each figure comes from a different system.',
        advanced: 'The measure is one {org} reports publicly.',
      },
      weak: 'Picks the average or the more flattering figure.',
      acceptable:
        'Finds out how each figure was produced, identifies the reason for the difference, and uses the correct one with a note.',
      strong:
        'Traces both figures to their definitions and sources, resolves the difference, documents the definition to use, and fixes the source of the inconsistency.',
      notes: 'Look for going back to definitions and sources.',
    },
    {
      id: 'data-literacy-4',
      situation:
        'A survey of {public} shows high satisfaction, but only a small share of people responded, mostly those who use the service most.',
      levels: {
        entry: 'You are asked to write up the results.',
        intermediate: 'The results will be used to decide whether to cut a less popular part of the service.',
        advanced: 'You design the survey programme for {org}.',
      },
      weak: 'Reports the satisfaction figure without qualification.',
      acceptable:
        'Reports the results with the response rate and who responded, and warns against drawing firm conclusions.',
      strong:
        'Explains the bias clearly, suggests how to reach people who did not respond, uses other evidence alongside, and improves the survey design.',
      notes: 'Strong answers understand who is missing from the data.',
    },
  ],
};
