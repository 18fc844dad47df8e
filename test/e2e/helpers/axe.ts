/**
 * axe-core in the page under test, with the app's CSP left on. The CSP forbids inline scripts, so
 * `addScriptTag` (an inline <script>) is refused; axe's source is instead evaluated through the
 * DevTools protocol (Runtime.evaluate), which the page's CSP does not govern. Nothing about the
 * page changes except the global `axe`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string; html: string }[];
}

async function evaluate<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const r = (await cdp.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) {
      throw new Error(
        `in-page evaluation failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
      );
    }
    return r.result.value as T;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Runs axe on the page as it is now; answers the WCAG 2.1 A/AA violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await evaluate<boolean>(page, 'typeof window.axe === "object"');
  if (!loaded) await evaluate(page, `${AXE_SOURCE};true`);
  const json = await evaluate<string>(
    page,
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
      .then(function (r) { return JSON.stringify(r.violations.map(function (v) {
        return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {
          return { target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 300) };
        }) };
      })); })`,
  );
  return JSON.parse(json) as AxeViolation[];
}

/** Readable lines for a failure message. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map(
            (n) =>
              `    ${n.target.join(' ')}  ${n.html}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}
