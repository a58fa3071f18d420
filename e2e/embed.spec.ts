import { expect, test } from '@playwright/test';
import { logTable, output, runAndWait } from './helpers';

test('?embed=1 shows the editor, Run and the results, without the lesson or the top chrome', async ({
  page,
}) => {
  await page.goto('/?embed=1&sample=hello');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Manifest', exact: true })).toBeVisible();
  await expect(page.getByLabel('Sample')).toHaveCount(0);
  await expect(page.getByLabel('Upload component')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Lesson' })).toHaveCount(0);

  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Ada!');
  await expect(logTable(page)).toBeVisible();
});
