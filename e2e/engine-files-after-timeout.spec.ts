/**
 * The virtual filesystem survives a killed run: a guest that writes a file and then loops is
 * ended by the timeout, and the Files view still shows the file it created.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { runAndWait, runStatus, setManifest } from './helpers';

const WRITE_THEN_LOOP = path.resolve(import.meta.dirname, 'engine-fixtures/write-then-loop.wasm');

test('files written before a timeout are shown after it', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Upload component').setInputFiles(WRITE_THEN_LOOP);
  await expect(runStatus(page)).toContainText('write-then-loop.wasm');
  await setManifest(
    page,
    '{ "mounts": [{ "guest": "/data", "access": "read-write" }], "limits": { "timeoutMs": 1500 } }',
  );
  await runAndWait(page, /Timed out/);
  await page.getByRole('tab', { name: 'Files' }).click();
  const files = page.getByRole('tabpanel', { name: 'Files' });
  const created = files.getByRole('button', { name: /progress\.txt/ });
  await expect(created).toContainText('created');
  await created.click();
  await expect(page.getByRole('region', { name: 'File /data/progress.txt' })).toContainText(
    'written before the loop',
  );
});
