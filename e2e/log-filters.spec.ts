import { expect, test } from '@playwright/test';
import { logRows, logTable, openSample, runAndWait } from './helpers';

test('the capability log filters by verdict, interface and text, with counts', async ({ page }) => {
  await openSample(page, 'write-file');
  await runAndWait(page);
  const rows = logRows(page);
  const total = await rows.count();
  expect(total).toBeGreaterThan(5);

  const filters = page.getByRole('toolbar', { name: 'Log filters' });
  const denied = filters.getByRole('button', { name: /Denied/ });
  await expect(denied).toContainText(/\d+/);
  await denied.click();
  await expect(denied).toHaveAttribute('aria-pressed', 'true');
  await expect(rows.first()).toContainText('denied');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('denied');

  await filters.getByRole('button', { name: /^All/ }).click();
  await expect.poll(() => rows.count()).toBe(total);

  await page.getByLabel('Interface').selectOption('wasi:filesystem/preopens');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('wasi:filesystem/preopens');
  await page.getByLabel('Interface').selectOption('');

  await page.getByLabel('Filter log').fill('note.txt');
  await expect(rows.first()).toContainText('note.txt');
  for (const text of await rows.allInnerTexts()) expect(text).toContain('note.txt');

  await page.getByLabel('Filter log').fill('no-such-call-anywhere');
  await expect(rows).toHaveCount(0);
  await expect(logTable(page)).toBeVisible();
});
