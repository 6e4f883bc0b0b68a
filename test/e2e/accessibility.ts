/**
 * An automated accessibility check (axe-core, WCAG 2.1 A and AA rules) of whatever the page shows.
 * axe's source is evaluated through the DevTools protocol, which the page's Content-Security-Policy
 * does not govern; a script tag would be (rightly) refused by it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSourcePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: Promise<string> | undefined;

/** One line per rule broken: "rule-id (impact): what it checks — the elements". Empty when none are. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  axeSource ??= readFile(axeSourcePath, 'utf8');
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: AxeGlobal }).axe;
    const results = await axe.run(
      { exclude: [] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] },
    );
    return results.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
}

/** The little of axe's API the check uses (the test project has no DOM types). */
interface AxeGlobal {
  run(
    context: object,
    options: object,
  ): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: string[] }> }> }>;
}
