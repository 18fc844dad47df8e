/** Themes: negotiation and influence, innovation and risk. */
import type { Theme } from '../types.js';

export const negotiation: Theme = {
  key: 'negotiation',
  label: 'Negotiation and influence',
  keywords: [
    'negotiat*',
    'influenc*',
    'persua*',
    'bargain*',
    'compromis*',
    'consensus',
    'win-win',
    'agreement*',
    'advocat*',
    'buy-in',
  ],
  scenarios: [
    {
      id: 'negotiation-1',
      situation:
        'You need another department to release two staff for a week to help with a peak in demand from {public}. Their manager says they are busy too and owes you nothing.',
      levels: {
        entry: 'You have been asked to make the request on your supervisor’s behalf.',
        intermediate: 'You have helped that department in the past, but there is no formal arrangement.',
        advanced: 'The two departments compete for the same budget.',
      },
      weak: 'Escalates straight to senior management, or gives up.',
      acceptable:
        'Explains the need and the effect on {public}, asks what would make it possible for them, and offers something in return.',
      strong:
        'Understands the other manager’s pressures, proposes an arrangement that benefits both, agrees clear terms, keeps the promise, and builds a standing agreement for future peaks.',
      notes: 'Look for finding the other side’s interests and a deal that lasts.',
    },
    {
      id: 'negotiation-2',
      situation:
        'A supplier wants to raise prices by fifteen percent at renewal. Switching supplier would be disruptive, and they know it.',
      levels: {
        entry: 'You are supporting the lead negotiator.',
        intermediate: 'You are leading the negotiation with a set limit.',
        advanced: 'You set the negotiation strategy and have authority to walk away.',
      },
      weak: 'Accepts the rise because switching is hard.',
      acceptable:
        'Researches the market, prepares alternatives, and negotiates on price and terms within the limit.',
      strong:
        'Prepares thoroughly, understands the supplier’s position, creates options beyond price, negotiates firmly but fairly, and documents the agreement.',
      notes: 'The better answer negotiates from preparation, not pressure.',
    },
    {
      id: 'negotiation-3',
      situation:
        'You need the support of a group of colleagues for a change they are wary of. They have rejected similar ideas before.',
      levels: {
        entry: 'You are new and have little standing with the group.',
        intermediate: 'The change affects how they are measured.',
        advanced: 'You need their support to deliver a major change.',
      },
      weak: 'Pushes the change through the manager.',
      acceptable:
        'Meets the group, listens to their concerns, adjusts the proposal where reasonable, and explains the benefits to them.',
      strong:
        'Builds support one person at a time, involves them in shaping the change, addresses real concerns, and shows early results.',
      notes: 'Look for influence through listening and involvement.',
    },
    {
      id: 'negotiation-4',
      situation:
        '{Person} insists on an outcome you cannot give. They are reasonable in other ways and want a solution that works for them.',
      levels: {
        entry: 'You can offer only the standard options.',
        intermediate: 'You have some discretion on timing and method.',
        advanced: 'You can agree a formal settlement.',
      },
      weak: 'Refuses and ends the conversation.',
      acceptable:
        'Explores what the person really needs, and offers the options available that come closest.',
      strong:
        'Finds the need behind the demand, creates options within the rules, reaches an agreement both sides can accept, and confirms it in writing.',
      notes: 'Strong answers separate positions from interests.',
    },
  ],
};

export const innovation: Theme = {
  key: 'innovation',
  label: 'Innovation and risk',
  keywords: [
    'innovat*',
    'creativ*',
    'new ideas',
    'improv* processes',
    'experiment*',
    'pilot*',
    'risk-taking',
    'calculated risk*',
    'risk taking',
    'smart risk*',
    'take* risks',
    'entrepreneur*',
    'novel',
    'reimagin*',
    'transform*',
  ],
  scenarios: [
    {
      id: 'innovation-1',
      situation:
        'You have an idea that could halve the time a common task takes, but it means doing something {org} has never done, and if it fails {public} will notice.',
      levels: {
        entry: 'You would need your supervisor’s permission to try it.',
        intermediate: 'You could test it on a small number of cases.',
        advanced: 'You could commit resources to it across your area.',
      },
      weak: 'Keeps the idea to themselves, or introduces it everywhere at once.',
      acceptable:
        'Proposes a small, controlled trial with clear measures and a way back, and shares the results.',
      strong:
        'Tests the idea safely, measures its effects honestly, learns from what fails, and scales it only when the evidence supports it.',
      notes: 'Look for innovation with managed risk.',
    },
    {
      id: 'innovation-2',
      situation:
        'A trial you led did not produce the results you hoped for. Colleagues who were sceptical are pointing to it as proof that new ideas do not work.',
      levels: {
        entry: 'The trial was a small personal project.',
        intermediate: 'The trial used resources from another team.',
        advanced: 'Your credibility for future change depends on how this is handled.',
      },
      weak: 'Hides the results, or gives up on trying new things.',
      acceptable: 'Shares the results openly, explains what was learned, and suggests what to try next.',
      strong:
        'Presents the results honestly, draws clear lessons, credits the people involved, and uses the learning to shape a better next attempt.',
      notes: 'The better answer treats failure as information.',
    },
    {
      id: 'innovation-3',
      situation:
        'A new technology promises big improvements, and a vendor is offering a free trial. Your team is enthusiastic, but nobody has checked the risks to data and to {public}.',
      levels: {
        entry: 'A colleague has already signed up for the trial.',
        intermediate: 'The trial would use real case data.',
        advanced: 'You decide whether the trial goes ahead.',
      },
      weak: 'Goes ahead because it is free and everyone is excited.',
      acceptable:
        'Checks the risks with the right people before starting, and runs the trial only with safeguards.',
      strong:
        'Assesses benefits and risks together, designs a safe trial, sets clear success measures, and decides on the evidence.',
      notes: 'Look for enthusiasm balanced by risk assessment.',
    },
    {
      id: 'innovation-4',
      situation:
        'A junior colleague suggests an unusual idea in a meeting. Others dismiss it quickly, but you see some merit in it.',
      levels: {
        entry: 'You are also junior.',
        intermediate: 'The idea challenges a process you designed.',
        advanced: 'You chair the meeting.',
      },
      weak: 'Stays quiet and lets the idea drop.',
      acceptable: 'Speaks up for exploring the idea and offers to work on it with the colleague.',
      strong:
        'Draws out the idea’s merits, suggests a way to test it, gives the colleague credit, and encourages the team to welcome new ideas.',
      notes: 'Strong answers create room for ideas from anyone.',
    },
  ],
};
