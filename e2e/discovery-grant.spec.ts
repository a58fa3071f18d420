/**
 * Grant from the log (issue 7): a denied row offers the narrowest manifest change; accepting it
 * edits the manifest (undoably) and runs again. Rows no manifest entry can grant say why.
 */
import { expect, test } from '@playwright/test';
import { logRows, openSample, runAndWait, runStatus } from './helpers';

test('a denied write: Grant this makes the mount read-write, the re-run is granted and creates the file', async ({
  page,
}) => {
  await openSample(page, 'write-file');
  await runAndWait(page, 'Exited with code 1');
  const denied = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'denied' }).first();
  await expect(denied).toContainText('mounts[0] read-only');

  // The details view says what the grant changes, before anything is changed.
  await denied.click();
  const grant = page.getByRole('group', { name: 'Grant', exact: true });
  await expect(grant).toContainText('mounts[0] /data: read-only → read-write');
  await expect(grant).toContainText('create /data/note.txt');

  // The row's own button applies it and runs again.
  await denied.getByRole('button', { name: 'Grant this' }).click();
  await expect(runStatus(page)).toContainText('Exited with code 0', { timeout: 30_000 });
  const editor = page.getByRole('region', { name: 'Manifest editor' });
  await expect(editor).toContainText('"access": "read-write"');
  await expect(editor).not.toContainText('"access": "read-only"');
  const opened = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'note.txt' });
  await expect(opened.first()).toContainText('granted');
  await expect(opened.first()).toContainText('mounts[0] read-write');
  await expect(logRows(page).filter({ hasText: 'denied' })).toHaveCount(0);
  await expect(logRows(page).getByRole('button', { name: 'Grant this' })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(
    page.getByRole('tabpanel', { name: 'Files' }).getByRole('button', { name: /note\.txt/ }),
  ).toContainText('created');

  // One edit in the editor: Ctrl+Z takes the grant back.
  await page.getByRole('textbox', { name: 'Manifest', exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor).toContainText('"access": "read-only"');
});

test('a row no manifest entry can grant explains why instead', async ({ page }) => {
  await openSample(page, 'sockets');
  await runAndWait(page);
  const denied = logRows(page)
    .filter({ hasText: 'wasi:sockets' })
    .filter({ hasText: /denied|trapped/ });
  await expect(denied.first()).toBeVisible();
  await expect(denied.first().getByRole('button', { name: 'Grant this' })).toHaveCount(0);
  await denied.first().click();
  const why = page.getByRole('note', { name: 'Why no grant' });
  await expect(why).toContainText('no raw sockets');
  await expect(page.getByRole('button', { name: 'Grant this' })).toHaveCount(0);
});

test('Grant before the editor has loaded: Ctrl+Z in the editor still takes it back', async ({
  page,
}) => {
  // Hold the editor's chunk (a slow network, a busy machine) until the grant is made.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/MonacoManifestEditor-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await openSample(page, 'write-file');
  await runAndWait(page, 'Exited with code 1');
  const denied = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'denied' }).first();
  await denied.getByRole('button', { name: 'Grant this' }).click();
  await expect(runStatus(page)).toContainText('Exited with code 0', { timeout: 30_000 });
  const manifest = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await expect(manifest).toHaveValue(/"access": "read-write"/);

  release();
  const editor = page.getByRole('region', { name: 'Manifest editor' });
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  await page.getByRole('textbox', { name: 'Manifest', exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor).toContainText('"access": "read-only"');
  await expect(editor).not.toContainText('"access": "read-write"');
});
