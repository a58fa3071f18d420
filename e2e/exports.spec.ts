import { expect, test } from '@playwright/test';
import { logRows, openSample, output, runAndWait, runStatus } from './helpers';

test('call a component export with your own arguments', async ({ page }) => {
  await openSample(page, 'greet');
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('add(2, 40) = 42');

  await page.getByRole('tab', { name: 'Component' }).click();
  const args = page.getByLabel('Arguments for greet');
  await args.fill('"世界"');
  await page.getByRole('button', { name: 'Call greet' }).click();
  await expect(runStatus(page)).toContainText('greet("世界") returned "Hello, 世界!"');

  await page.getByLabel('Arguments for add').fill('2, 40');
  await page.getByRole('button', { name: 'Call add' }).click();
  await expect(runStatus(page)).toContainText('add(2, 40) returned 42');
  // Pure computation: no WASI call at all.
  await page.getByRole('tab', { name: 'Capability log' }).click();
  await expect(logRows(page).filter({ hasText: 'wasi:io' })).toHaveCount(0);
});
