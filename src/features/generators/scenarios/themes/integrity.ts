/** Themes: integrity, accountability, confidentiality. */
import type { Theme } from '../types.js';

export const integrity: Theme = {
  key: 'integrity',
  label: 'Integrity and ethics',
  keywords: [
    'integrity',
    'ethic*',
    'honest*',
    'trust*',
    'conflict* of interest',
    'impartial*',
    'fairness',
    'fraud*',
    'transparen*',
    'principle*',
    'public trust',
    'credib*',
    'truthful*',
    'sincer*',
    'candid*',
  ],
  scenarios: [
    {
      id: 'integrity-1',
      situation:
        'A friend of a relative applies for a service you administer. They are entitled to it, but the queue is long, and your relative asks you to make sure the application is dealt with quickly.',
      levels: {
        entry: 'Nobody at work knows you are connected to the applicant.',
        intermediate:
          'You are the only person on the team trained to process this kind of application this month.',
        advanced:
          'You manage the team that handles the application, and the applicant is well known locally.',
      },
      weak: 'Moves the application up the queue as a favour, or processes it normally without telling anyone about the connection.',
      acceptable:
        'Tells the supervisor about the connection, steps away from the application, and tells the relative politely that it will be handled like any other.',
      strong:
        'Declares the interest promptly, makes sure someone else handles the case under normal rules, keeps a record, explains the position to the relative, and checks that the team knows how to handle such connections.',
      notes:
        'Look for declaring the interest even when it would be easy to hide, and for fairness to others waiting.',
    },
    {
      id: 'integrity-2',
      situation:
        'You discover that a figure in a report your team sent out last month was wrong. The error made the team’s results look better than they were, and nobody outside the team has noticed.',
      levels: {
        entry: 'A senior colleague prepared the figure, and they tell you to let it go.',
        intermediate: 'The report was used to justify extra funding for your team.',
        advanced: 'You signed off the report, and correcting it will be embarrassing for {org}.',
      },
      weak: 'Lets it go because it will not be noticed, or corrects it quietly in the next report.',
      acceptable:
        'Raises the error with the responsible manager, insists it is corrected with the people who received the report, and documents the correction.',
      strong:
        'Makes sure the error is corrected openly and promptly with everyone who relied on it, takes responsibility for any part they played, and tightens the checks so it does not recur.',
      notes:
        'The tension is loyalty and reputation against the truth; strong answers correct the record openly.',
    },
    {
      id: 'integrity-3',
      situation:
        'A supplier you deal with regularly offers you two tickets to a sold-out game, saying it is just a thank-you for being easy to work with. A contract renewal with them is coming up.',
      levels: {
        entry: 'Colleagues tell you everyone accepts small gifts.',
        intermediate: 'You will be one of the people scoring the renewal bids.',
        advanced: 'You lead the renewal, and the rules on gifts are vague.',
      },
      weak: 'Accepts the tickets because everyone does and the value is small.',
      acceptable:
        'Declines politely, explains the rules on gifts, and records the offer as the policy requires.',
      strong:
        'Declines and records the offer, keeps the relationship friendly, stays out of any decision where their impartiality could be doubted, and gets the gift rules made clear for everyone.',
      notes: 'Look for protecting the fairness of the decision, not just following the gift rule.',
    },
    {
      id: 'integrity-4',
      situation:
        'Your manager asks you to backdate a form so a case meets a deadline that was missed because of the team’s own delay. The person affected would lose out otherwise.',
      levels: {
        entry: 'The manager says it is a harmless formality that happens all the time.',
        intermediate: 'There is a legitimate process for late cases, but it is slow.',
        advanced: 'You oversee the process, and several staff have been asked to do the same.',
      },
      weak: 'Backdates the form because the person deserves it and the manager asked.',
      acceptable:
        'Declines to falsify the date, explains why, and looks for the legitimate route to protect the person.',
      strong:
        'Refuses to falsify the record, uses or pushes for the proper late-case route so the person is not harmed, raises the pattern through the appropriate channel, and fixes the delay that caused the problem.',
      notes:
        'The better answer protects the person without falsifying a record, even under pressure from above.',
    },
  ],
};

export const accountability: Theme = {
  key: 'accountability',
  label: 'Accountability',
  keywords: [
    'accountab*',
    'responsib*',
    'ownership',
    'owns',
    'reliab*',
    'dependab*',
    'follow through',
    'follows through',
    'commitment*',
    'mistake*',
    'conscientious*',
  ],
  scenarios: [
    {
      id: 'accountability-1',
      situation:
        'You realise that a mistake you made two weeks ago caused {person} to receive the wrong amount. Nobody has noticed, and correcting it will mean an awkward conversation and extra work for a colleague.',
      levels: {
        entry: 'You are still in your first months in the job.',
        intermediate: 'The same mistake may have affected other cases you handled.',
        advanced: 'You supervise others who made the same mistake because of guidance you wrote.',
      },
      weak: 'Keeps quiet and hopes the amount is never questioned.',
      acceptable:
        'Tells the supervisor, corrects the amount, apologises to the person, and checks whether other cases are affected.',
      strong:
        'Owns the mistake openly, puts it right for everyone affected, apologises, helps the colleague with the extra work, and changes the step or guidance that allowed it.',
      notes: 'Look for owning the error before it is found and fixing its cause.',
    },
    {
      id: 'accountability-2',
      situation:
        'You promised {person} a reply by Friday. On Thursday afternoon you realise the information you need will not arrive until next week.',
      levels: {
        entry: 'The delay is caused by another team, not by you.',
        intermediate: 'The person has already been let down by your office once.',
        advanced: 'Your team misses promised dates often, and you set how it makes commitments.',
      },
      weak: 'Says nothing and replies when the information arrives, or blames the other team.',
      acceptable:
        'Contacts the person before Friday, explains the delay honestly, gives a new date, and chases the information.',
      strong:
        'Tells the person early and honestly, offers whatever can be done now, sets a realistic new date and keeps it, and looks at how the team makes promises so they are realistic.',
      notes: 'Strong answers treat a promise as theirs even when the cause is elsewhere.',
    },
    {
      id: 'accountability-3',
      situation:
        'A task that everyone on the team assumed someone else was doing has not been done, and an important deadline is tomorrow. It was never clearly assigned.',
      levels: {
        entry: 'You have your own deadline tomorrow too.',
        intermediate: 'The manager wants to know whose fault it is.',
        advanced: 'You lead the team and assign the work.',
      },
      weak: 'Points out that it was never their job.',
      acceptable:
        'Steps in to get the task done or organized, tells the manager honestly what happened, and suggests a clear owner in future.',
      strong:
        'Gets the deadline met with the team, focuses on the fix rather than blame, takes their share of responsibility, and sets up clear ownership of tasks.',
      notes: 'Look for ownership of outcomes beyond the job description.',
    },
    {
      id: 'accountability-4',
      situation:
        'A project you were responsible for has gone badly, and a review of it is under way. Part of the failure was caused by decisions outside your control, and part by your own choices.',
      levels: {
        entry: 'You were responsible for one part of it.',
        intermediate: 'The review panel seems keen to blame an outside supplier.',
        advanced: 'Your team members are worried the review will fall on them.',
      },
      weak: 'Blames the outside decisions and the supplier for everything.',
      acceptable:
        'Gives an honest account of what went wrong, including their own part, and suggests what to change.',
      strong:
        'Gives a balanced account that owns their decisions, protects the team from unfair blame, draws specific lessons, and follows through on the changes.',
      notes: 'The better answer owns its share without self-punishment or deflection.',
    },
  ],
};

export const confidentiality: Theme = {
  key: 'confidentiality',
  label: 'Confidentiality and information security',
  keywords: [
    'confidential*',
    'privacy',
    'personal information',
    'sensitive information',
    'discretion',
    'discreet*',
    'data protection',
    'information security',
    'security',
    'disclos*',
  ],
  scenarios: [
    {
      id: 'confidentiality-1',
      situation:
        'Someone phones claiming to be the spouse of {person} and asks for details of their case. They know some facts already and sound worried and in a hurry.',
      levels: {
        entry: 'There is a consent form on file, but it is out of date.',
        intermediate: 'The caller says the person is in hospital and cannot call themselves.',
        advanced: 'Your team gets calls like this often and there is no agreed way to verify callers.',
      },
      weak: 'Gives the details because the caller seems genuine and knows some facts.',
      acceptable:
        'Explains kindly that details cannot be shared without current consent, and offers the proper ways to get it or to pass a message on.',
      strong:
        'Protects the information, helps the caller with a safe route such as a message or a proper authority form, records the call, and proposes a consistent way to verify callers.',
      notes: 'The pressure is compassion against privacy; strong answers honour both.',
    },
    {
      id: 'confidentiality-2',
      situation:
        'You notice that a colleague has left a list of names and personal details open on a shared screen in an area where {public} can see it. The colleague is at lunch.',
      levels: {
        entry: 'You do not know how to lock someone else’s screen.',
        intermediate: 'This has happened before with the same colleague.',
        advanced: 'You are responsible for information handling on the team.',
      },
      weak: 'Leaves it for the colleague to deal with when they return.',
      acceptable:
        'Hides or locks the screen at once, mentions it to the colleague privately, and reports it if the rules require.',
      strong:
        'Secures the information immediately, checks whether anyone saw it, reports it as required, talks to the colleague without shaming them, and fixes the setup that let it happen.',
      notes: 'Look for prompt action, proportionate reporting and prevention.',
    },
    {
      id: 'confidentiality-3',
      situation:
        'A local journalist who is also a friend asks you, off the record, about rumours concerning a decision {org} has not yet announced.',
      levels: {
        entry: 'You know only what you overheard in the office.',
        intermediate: 'You worked on the decision and know the details.',
        advanced: 'You are one of the few people responsible for the announcement.',
      },
      weak: 'Hints at the answer to help a friend, or lies outright.',
      acceptable:
        'Declines to discuss it, without confirming or denying, and refers the journalist to the press office.',
      strong:
        'Keeps the confidence without damaging the friendship, refers the journalist properly, and tells the press office about the enquiry so it can prepare.',
      notes: 'Strong answers are discreet and honest at once.',
    },
    {
      id: 'confidentiality-4',
      situation:
        'A colleague asks you to email a large file of personal records to their home address so they can finish a report over the weekend. The deadline is real and the report matters.',
      levels: {
        entry: 'The colleague is your supervisor.',
        intermediate: 'There is a secure remote system, but it is slow and often down.',
        advanced: 'Staff across your team routinely work this way to meet deadlines.',
      },
      weak: 'Sends the file because the deadline matters.',
      acceptable:
        'Declines to send it to a personal address, explains the risk, and helps find a secure way to finish the report.',
      strong:
        'Refuses the insecure route, finds a secure way to meet the deadline, and raises the wider practice and the tools problem so people are not pushed into risky shortcuts.',
      notes: 'Look for protecting data while still helping the colleague succeed.',
    },
  ],
};
