/**
 * Issue 17, point 8: the page has a theme toggle, and axe finds no contrast problem in either
 * theme (the page after a run, with its log, lesson and editor).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openSample, runAndWait } from './helpers';

async function contrastViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  );
}

for (const theme of ['light', 'dark'] as const) {
  test(`switch to the ${theme} theme, run a sample: axe finds no contrast violation`, async ({
    page,
  }) => {
    // The system says the other scheme: the toggle decides.
    await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
    await openSample(page, 'write-file');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByRole('textbox', { name: 'Manifest', exact: true })).toHaveAttribute(
      'aria-roledescription',
      'editor',
      { timeout: 20_000 },
    );
    await runAndWait(page, 'Exited with code 1');
    await expect(page.getByRole('button', { name: 'Grant this' }).first()).toBeVisible();
    expect(await contrastViolations(page)).toEqual([]);

    // The choice stays after a reload.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  });
}
