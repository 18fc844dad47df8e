/** The console's account of a loaded demo: who to sign in as, the password, where to look. */
import type { Config } from '../config/env.js';
import type { DemoSummary } from './load-demo.js';

export function describeDemo(summary: DemoSummary, config: Pick<Config, 'baseUrl'>): string[] {
  const width = Math.max(...summary.users.map((u) => u.name.length));
  const mailWidth = Math.max(...summary.users.map((u) => u.email.length));
  return [
    `Demo accounts (password for all: ${summary.password}):`,
    ...summary.users.map((u) => `  ${u.name.padEnd(width)}  ${u.email.padEnd(mailWidth)}  ${u.about}`),
    '',
    'Where to look first:',
    ...summary.tour.map((t) => `  ${t.label}\n    ${config.baseUrl}${t.href}  (as ${t.as})`),
  ];
}
