import { expect, test } from '@playwright/test';
import { openSample, runAndWait, setManifest } from './helpers';

test('the Files view shows seed files before a run and a created file after a write', async ({
  page,
}) => {
  await openSample(page, 'write-file');
  await page.getByRole('tab', { name: 'Files' }).click();
  const files = page.getByRole('tabpanel', { name: 'Files' });
  await expect(files).toContainText('Before the run');
  await expect(files.getByRole('button', { name: /readme\.txt/ })).toBeVisible();

  await page.getByLabel('Load a manifest').selectOption('manifest.read-write.jsonc');
  // The variant arrives asynchronously: run once it is in the editor.
  await expect(page.getByRole('region', { name: 'Manifest editor' })).toContainText(
    '"access": "read-write"',
  );
  await runAndWait(page, 'Exited with code 0');
  await expect(files).toContainText('After run');
  const created = files.getByRole('button', { name: /note\.txt/ });
  await expect(created).toContainText('created');
  await created.click();
  const viewer = page.getByRole('region', { name: 'File /data/note.txt' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Download' })).toBeVisible();
  const download = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('note.txt');
});

test('a run that writes 2,000 files: the tree shows them a page at a time, the rest on request', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Upload component').setInputFiles('bench/programs/files.wasm');
  await expect(page.getByRole('status').filter({ hasText: 'files.wasm' }).first()).toBeVisible();
  await setManifest(
    page,
    JSON.stringify({ args: ['2000'], mounts: [{ guest: '/data', access: 'read-write' }] }),
  );
  await runAndWait(page, 'Exited with code 0');
  await page.getByRole('tab', { name: 'Files' }).click();
  const files = page.getByRole('tabpanel', { name: 'Files' });
  const fileRows = files.getByRole('button', { name: /^f\d+\.txt/ });
  await expect(fileRows).toHaveCount(200);
  const more = files.getByRole('button', { name: /Show 200 more of 1,800 in \/data/ });
  await more.click();
  await expect(fileRows).toHaveCount(400);
  await expect(
    files.getByRole('button', { name: /Show 200 more of 1,600 in \/data/ }),
  ).toBeVisible();
});
