import { expect, test } from '@playwright/test';
import { openSample, runButton, runStatus, setManifest } from './helpers';

test('Stop ends a runaway sample at once', async ({ page }) => {
  await openSample(page, 'runaway');
  // A long limit, so that only Stop can end it.
  await setManifest(page, '{ "limits": { "timeoutMs": 60000 } }');
  await runButton(page).click();
  const stop = page.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeEnabled();
  await expect(runStatus(page)).toContainText('Running');
  await page.waitForTimeout(500);
  const started = Date.now();
  await stop.click();
  await expect(runStatus(page)).toContainText('Stopped', { timeout: 5000 });
  expect(Date.now() - started).toBeLessThan(5000);
  await expect(stop).toBeDisabled();
  await expect(runButton(page)).toBeEnabled();
  await expect(
    page
      .getByRole('table', { name: 'Capability log' })
      .getByRole('row')
      .filter({ hasText: 'trapped' })
      .last(),
  ).toContainText('Stop');
});

test('the manifest timeout ends a runaway sample on its own', async ({ page }) => {
  await openSample(page, 'runaway');
  await runButton(page).click();
  await expect(runStatus(page)).toContainText('Timed out', { timeout: 15_000 });
});
