/** The deterministic badge (issue 7): after a run, whether the manifest replays exactly, and why not. */
import { expect, test } from '@playwright/test';
import { openSample, runAndWait } from './helpers';

test('real clocks make a run not deterministic, with the reasons', async ({ page }) => {
  await openSample(page, 'clocks');
  await expect(page.getByRole('button', { name: /deterministic/ })).toHaveCount(0);
  await runAndWait(page);
  const badge = page.getByRole('button', { name: /^not deterministic/ });
  await expect(badge).toBeVisible();
  await badge.click();
  const why = page.getByRole('dialog', { name: 'Determinism' });
  await expect(why).toBeVisible();
  await expect(why).toContainText('clocks.wall is "real"');
  await expect(why).toContainText('clocks.monotonic is "real"');
  await page.keyboard.press('Escape');
  await expect(why).toBeHidden();

  // Freezing the wall clock takes that reason away; the real monotonic clock stays one.
  await page.getByLabel('Load a manifest').selectOption('manifest.frozen.jsonc');
  await runAndWait(page);
  await page.getByRole('button', { name: /^not deterministic: 1 reason/ }).click();
  await expect(why).toContainText('clocks.monotonic is "real"');
  await expect(why).not.toContainText('clocks.wall');
});

test('a sandbox without clocks, random or network is deterministic', async ({ page }) => {
  await openSample(page, 'hello');
  await runAndWait(page, 'Exited with code 0');
  await expect(page.getByRole('button', { name: 'deterministic: why' })).toBeVisible();
});
