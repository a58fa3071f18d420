import { expect, test } from '@playwright/test';
import { openSample, runAndWait, runStatus } from './helpers';

test('the lesson renders, and the challenge passes with the solution', async ({ page }) => {
  await openSample(page, 'hello');
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await expect(lesson.getByRole('heading').first()).toBeVisible();
  const status = lesson.getByRole('status', { name: 'Challenge status' });
  await expect(status).toContainText('not yet');

  await runAndWait(page, 'Exited with code 0');
  await expect(status).toContainText('not yet');
  await lesson.getByText(/Why not yet/).click();
  await expect(
    lesson.getByRole('listitem').filter({ hasText: 'environment variable' }).first(),
  ).toBeVisible();

  await lesson.getByRole('button', { name: 'Show a solution' }).click();
  await expect(page.getByLabel('Load a manifest')).toHaveValue('solution.jsonc');
  await runAndWait(page, 'Exited with code 0');
  await expect(status).toContainText('passed');

  // Walk on to the next sample.
  await page.getByRole('button', { name: 'Next lesson' }).click();
  await expect(page.getByLabel('Sample')).not.toHaveValue('hello');
  await expect(runStatus(page)).toContainText('Ready');
});

test('presenter mode makes the text larger', async ({ page }) => {
  await openSample(page, 'hello');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const before = await size();
  const toggle = page.getByRole('button', { name: 'Presenter' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await size()).toBeGreaterThan(before + 2);
});
