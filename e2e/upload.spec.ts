import { expect, test } from '@playwright/test';
import path from 'node:path';
import { output, runAndWait, runStatus, setManifest } from './helpers';

const HELLO = path.resolve(import.meta.dirname, '../samples/hello/hello.wasm');

test('upload a component: summary before running, then run it', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Upload component').setInputFiles(HELLO);
  await expect(runStatus(page)).toContainText('hello.wasm');
  await expect(page.getByLabel('Sample')).toHaveValue('__upload');

  await page.getByRole('tab', { name: 'Component' }).click();
  const summary = page.getByRole('tabpanel', { name: 'Component' });
  await expect(summary).toContainText('SHA-256');
  await expect(summary).toContainText(/[0-9a-f]{64}/);
  await expect(summary.getByRole('list', { name: 'Imports' })).toContainText(
    'wasi:cli/environment',
  );
  const table = summary.getByRole('table', { name: 'Asked versus granted' });
  await expect(table).toBeVisible();

  await setManifest(page, '{ "env": { "NAME": "Upload" } }');
  await expect(table.getByRole('row').filter({ hasText: 'Arguments, environment' })).toContainText(
    'asked, granted',
  );
  await expect(table.getByRole('row').filter({ hasText: 'Files' })).toContainText(
    'asked, not granted',
  );

  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Upload!');
});

test('a file that is not WebAssembly is refused with a reason', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Upload component').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toContainText(
    'not a WebAssembly file',
  );
});
