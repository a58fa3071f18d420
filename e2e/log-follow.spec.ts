/**
 * The log follows a run: its newest call stays in view. Opening a row stops following (the user
 * is reading); the next run is followed again from its first call.
 */
import { expect, test } from '@playwright/test';
import { logRows, openSample, runAndWait } from './helpers';

test('after reading a row of the last run, Run again follows the new run to its last call', async ({
  page,
}) => {
  await openSample(page, 'write-file');
  await page.getByLabel('Load a manifest').selectOption('manifest.read-write.jsonc');
  await expect(page.getByRole('region', { name: 'Manifest editor' })).toContainText(
    '"access": "read-write"',
  );
  await runAndWait(page, 'Exited with code 0');
  const lastCall = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'note.txt' });
  await expect(lastCall.first()).toBeVisible();

  // Reading a call stops following; Home goes to the first call, the top of the log.
  await lastCall.first().click();
  await page.keyboard.press('Escape');
  await lastCall.first().focus();
  await page.keyboard.press('Home');
  await expect(logRows(page).first()).toContainText('get-stdin');
  await expect(lastCall).toHaveCount(0);

  await runAndWait(page, 'Exited with code 0');
  await expect(lastCall.first()).toBeVisible();
});
