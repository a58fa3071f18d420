import { expect, test } from '@playwright/test';
import { logRows, logTable, openSample, output, runAndWait, runButton, runStatus } from './helpers';

test('pick a sample, run it: output, log rows with verdicts, status, timings and User Timing marks', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Sample').selectOption('hello');
  await expect(runStatus(page)).toContainText('hello.wasm');
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();

  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Ada!');
  await expect(output(page)).toContainText('NAME=Ada');

  const table = logTable(page);
  await expect(table).toBeVisible();
  await expect(logRows(page).filter({ hasText: 'get-environment' }).first()).toContainText(
    'granted',
  );
  await expect(logRows(page).filter({ hasText: 'get-arguments' }).first()).toContainText('args');
  expect(await logRows(page).count()).toBeGreaterThan(3);

  // Timings in the status line, and the marks behind them.
  await expect(page.getByRole('definition').filter({ hasText: /ms/ }).first()).toBeVisible();
  const marks = await page.evaluate(() =>
    ['airlock:run-start', 'airlock:first-output', 'airlock:run-end'].map(
      (n) => performance.getEntriesByName(n, 'mark').length,
    ),
  );
  expect(marks).toEqual([1, 1, 1]);
  const order = await page.evaluate(() =>
    ['airlock:run-start', 'airlock:first-output', 'airlock:run-end'].map(
      (n) => performance.getEntriesByName(n, 'mark')[0]!.startTime,
    ),
  );
  expect(order[0]).toBeLessThanOrEqual(order[1]!);
  expect(order[1]).toBeLessThanOrEqual(order[2]!);
});

test('Ctrl+Enter runs, and a row opens its details', async ({ page }) => {
  await openSample(page, 'hello');
  await expect(runButton(page)).toBeEnabled();
  await page.keyboard.press('Control+Enter');
  await expect(runStatus(page)).toContainText('Exited with code 0', { timeout: 30_000 });
  const row = logRows(page).filter({ hasText: 'get-environment' }).first();
  await row.click();
  const details = page.getByRole('region', { name: /Call #\d+/ });
  await expect(details).toContainText('wasi:cli/environment');
  await expect(details).toContainText('rule');
  await page.getByRole('button', { name: 'Close call details' }).click();
  await expect(details).toHaveCount(0);
  // Enter on a focused row opens it too.
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /Call #\d+/ })).toBeVisible();
});

test('?autorun=1 runs the sandbox as soon as it is loaded', async ({ page }) => {
  await page.goto('/?sample=hello&autorun=1');
  await expect(runStatus(page)).toContainText('Exited with code 0', { timeout: 30_000 });
  await expect(output(page)).toContainText('Hello, Ada!');
});
