/** Themes: customer service, service recovery. */
import type { Theme } from '../types.js';

export const customerService: Theme = {
  key: 'customer-service',
  label: 'Customer service',
  keywords: [
    'customer*',
    'client*',
    'service orientation',
    'customer focus',
    'service to the public',
    'serving the public',
    'service delivery',
    'patron*',
    'visitor*',
    'needs of the public',
    'public service',
  ],
  scenarios: [
    {
      id: 'customer-service-1',
      situation:
        '{Person} arrives at {setting} ten minutes before closing with a request that normally takes half an hour. They explain that they took time off work to come in and cannot come back this week, and two colleagues are already packing up.',
      levels: {
        entry: 'You are on your own at the front and your supervisor has left for the day.',
        intermediate:
          'You could finish it if you stayed late, but the request also has a part you have not handled before.',
        advanced:
          'You run the front of house, and late arrivals like this have tripled since opening hours were cut last month.',
      },
      weak: 'Tells the person to come back another day because it is closing time, or rushes the request through without checking it.',
      acceptable:
        'Finds out what the person needs, does the parts that can be done correctly now, and agrees a clear next step for the rest, such as a call-back or a document they can send in.',
      strong:
        'Completes what can be done correctly today, sets up the rest so the person does not have to come in again, confirms the arrangement in writing, and raises the pattern of late arrivals with a proposal such as appointments or a late desk.',
      notes:
        'Look for a response to the person’s real constraint rather than the clock, without cutting corners on the work. At the advanced level, expect attention to the pattern and the team, not only this visitor.',
    },
    {
      id: 'customer-service-2',
      situation:
        '{Person} asks you for something your office can only partly provide. What they really need sits with another department that is known to be slow, and they tell you they have already been sent back and forth twice.',
      levels: {
        entry: 'You know a colleague in that department, but you have never dealt with this kind of request.',
        intermediate: 'The other department’s rules and yours give different answers on one point.',
        advanced:
          'You are responsible for the service standard across both offices, and complaints about the hand-off have reached senior management.',
      },
      weak: 'Gives the person the other department’s phone number and ends the conversation, or promises an outcome that is not in their power to deliver.',
      acceptable:
        'Handles the part that is theirs, contacts the other department directly to pass the case on with the details, and tells the person who will contact them and by when.',
      strong:
        'Takes ownership of the hand-off, stays the person’s single contact until the other department has it in hand, checks back to confirm it was done, and works with that department to fix the route so the next person is not bounced.',
      notes:
        'The tension is between staying within one’s remit and stopping the runaround. Strong answers own the outcome without overpromising.',
    },
    {
      id: 'customer-service-3',
      situation:
        '{Person} whom everyone knows and likes asks you to make an exception for them that you have refused to others in the same week. They point out how many years they have been coming to you and that your predecessor always helped them this way.',
      levels: {
        entry: 'Other people in the queue can hear the conversation.',
        intermediate:
          'The rule is unclear on this case and your predecessor may have been reading it correctly.',
        advanced:
          'Your team applies this rule differently from shift to shift, and you have been asked to settle how it should work.',
      },
      weak: 'Grants the exception to keep a loyal person happy, or refuses curtly by quoting the rule without looking for another way to help.',
      acceptable:
        'Explains the rule and why it applies to everyone, respects the relationship, and offers the options that are available within the rules.',
      strong:
        'Treats the person with warmth and fairness at once, checks whether the rule really covers the case, offers every legitimate option, and makes sure the team applies the same answer from then on.',
      notes:
        'Weak answers trade fairness for goodwill or goodwill for the rule. Strong answers keep both and fix the inconsistency behind the request.',
    },
    {
      id: 'customer-service-4',
      situation:
        '{Person} emails to ask for a status update on a request that is on track but will not be finished for three more weeks. They say they need it within the week for a deadline of their own and ask you to put them first.',
      levels: {
        entry: 'The work is in a queue you do not control, and the person is polite but anxious.',
        intermediate:
          'You could move them up the queue, but it would delay someone else with a similar deadline.',
        advanced:
          'Requests like this arrive weekly and your team has no rule for when a case may jump the queue.',
      },
      weak: 'Moves the request to the front because the person asked, or replies only that requests are handled in order.',
      acceptable:
        'Finds out what the person’s deadline depends on, explains the realistic timeline honestly, and offers anything that can help, such as a partial answer or a letter confirming the request is in progress.',
      strong:
        'Understands the underlying need, offers a practical alternative that meets it without treating others unfairly, keeps the person informed as things move, and proposes clear, published criteria for urgent cases.',
      notes:
        'The better answer meets the need behind the request rather than simply granting or refusing it, and keeps fairness to the other people waiting.',
    },
  ],
};

export const serviceRecovery: Theme = {
  key: 'service-recovery',
  label: 'Service recovery',
  keywords: [
    'complain*',
    'service recovery',
    'dissatisf*',
    'upset',
    'angry',
    'irate',
    'difficult customer*',
    'difficult situation*',
    'grievance*',
    'resolve problem*',
    'resolves problem*',
    'escalat*',
    'redress',
  ],
  scenarios: [
    {
      id: 'service-recovery-1',
      situation:
        '{Person} calls, angry that an appointment they were given was cancelled without notice. They missed a day’s pay to attend, and the record shows the cancellation was a scheduling error made by your office.',
      levels: {
        entry: 'The next open appointment is in three weeks, and the person demands to be seen tomorrow.',
        intermediate:
          'The earliest slot belongs to someone else, and there is no written rule on compensating for office errors.',
        advanced:
          'This is the fourth such cancellation this month, and a local reporter has asked about the scheduling system.',
      },
      weak: 'Defends the office, blames the system, and offers the next routine appointment.',
      acceptable:
        'Listens without interrupting, apologises plainly, owns the error, and finds the earliest real option, checking with a supervisor about anything beyond the usual rules.',
      strong:
        'Apologises and owns the error, finds or creates a genuine priority option, confirms it in writing, follows up after the visit, and traces the cause so the scheduling error does not happen to others.',
      notes:
        'Strong answers separate the person’s anger from the facts, own the office’s mistake without blaming colleagues, and fix the cause as well as the case.',
    },
    {
      id: 'service-recovery-2',
      situation:
        'A complaint lands on your desk that names you: {person} says you gave them wrong information last month, and it cost them a late fee. You remember the conversation differently, and there is no record of what was said.',
      levels: {
        entry: 'Your supervisor has asked you to reply to the person directly.',
        intermediate:
          'The person has copied in your manager and asks for the fee to be refunded, which you have authority to do up to a limit.',
        advanced:
          'Similar complaints have come in about other staff, suggesting the published guidance itself may be confusing.',
      },
      weak: 'Insists the person misunderstood, or refunds the fee without looking into what happened.',
      acceptable:
        'Responds without defensiveness, checks what the guidance says, acknowledges what may have been unclear, and resolves the fee within the rules.',
      strong:
        'Handles the complaint on its merits rather than on who is right, resolves it fairly, tells the person what will change, and fixes the guidance or the way advice is recorded so the question cannot arise again.',
      notes:
        'The dilemma is personal: being named in a complaint. Look for composure, fairness and a focus on the person’s loss, not on being vindicated.',
    },
    {
      id: 'service-recovery-3',
      situation:
        'A delivery your team promised to {person} for this morning has not arrived, and the supplier cannot say when it will. The person has arranged their day around it and is now threatening to post a review naming your staff.',
      levels: {
        entry: 'You took the original order and made the promise yourself, based on the supplier’s date.',
        intermediate:
          'You could send a colleague with a substitute item, but it is not quite what was ordered.',
        advanced:
          'You manage the supplier relationship, and this supplier has been late three times this quarter.',
      },
      weak: 'Blames the supplier and tells the person there is nothing to be done until it arrives.',
      acceptable:
        'Tells the person honestly what is known, apologises for the broken promise, offers the best available remedy, and keeps them updated until it is delivered.',
      strong:
        'Takes ownership of the promise, offers a remedy the person can choose, follows through until they are satisfied, and reviews how delivery promises are made and what happens with a supplier that keeps missing dates.',
      notes:
        'Weak answers shift blame; acceptable answers recover this case; strong answers also change how promises are made.',
    },
    {
      id: 'service-recovery-4',
      situation:
        '{Person} complains loudly at {setting} about a decision that was correct under the rules. Other people are watching, and a colleague whispers that it would be easier just to give them what they want.',
      levels: {
        entry: 'You made the decision yourself, following the checklist.',
        intermediate:
          'The decision was correct, but it was explained badly in the letter the person received.',
        advanced:
          'You supervise the colleague who made the decision, and they are visibly shaken by the exchange.',
      },
      weak: 'Reverses the decision to calm things down, or argues back in front of everyone.',
      acceptable:
        'Stays calm, moves the conversation somewhere quieter, explains the decision and the reasons, and tells the person how to appeal.',
      strong:
        'Calms the situation, acknowledges what was handled badly without reversing a correct decision, explains the options including appeal, supports the colleague afterwards, and improves the letter that caused the confusion.',
      notes:
        'The pressure is to trade a correct decision for peace. Strong answers recover the relationship and keep the decision.',
    },
  ],
};
