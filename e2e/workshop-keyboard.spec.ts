/**
 * Issue 17, point 3: a keyboard user is never trapped in the editor, keeps a sensible focus
 * after "Grant this", and opens the file chooser with Enter on "Upload…".
 */
import { expect, test } from '@playwright/test';
import { logRows, openSample, runAndWait } from './helpers';

test('Tab leaves the manifest editor, and the page says so', async ({ page }) => {
  await openSample(page, 'hello');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await expect(editor).toHaveAttribute('aria-roledescription', 'editor', { timeout: 20_000 });
  await expect(page.getByText('Tab moves to the next control')).toBeVisible();
  await editor.focus();
  await page.keyboard.press('Tab');
  await expect(editor).not.toBeFocused();
  const inEditor = await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
  expect(inEditor).toBe(false);
  // Shift+Tab goes back in.
  await page.keyboard.press('Shift+Tab');
  await expect(editor).toBeFocused();
  // Ctrl+M makes Tab indent instead, and the hint follows.
  await page.keyboard.press('Control+m');
  await expect(page.getByText('Tab indents')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(editor).toBeFocused();
});

test('after Grant this, focus is in the editor on the granted line', async ({ page }) => {
  await openSample(page, 'write-file');
  await runAndWait(page, 'Exited with code 1');
  const denied = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'denied' }).first();
  await denied.click();
  const grant = page
    .getByRole('group', { name: 'Grant', exact: true })
    .getByRole('button', { name: 'Grant this' });
  await grant.focus();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await expect(editor).toBeFocused();
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText(
    'Exited with code 0',
    {
      timeout: 30_000,
    },
  );
  await expect(editor).toBeFocused();
  // The cursor is on the granted line: Ctrl+Z takes the grant back at once.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(page.getByRole('region', { name: 'Manifest editor' })).toContainText(
    '"access": "read-only"',
  );
});

test('Enter on Upload… opens the file chooser', async ({ page }) => {
  await openSample(page, 'hello');
  const upload = page.getByRole('button', { name: 'Upload…' });
  // What opens the chooser is a click on the file input: count them (and keep the dialog shut).
  await page.getByLabel('Upload component').evaluate((input) => {
    (window as unknown as { chooserOpened: number }).chooserOpened = 0;
    input.addEventListener('click', (e) => {
      (window as unknown as { chooserOpened: number }).chooserOpened++;
      e.preventDefault();
    });
  });
  await upload.focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { chooserOpened: number }).chooserOpened))
    .toBe(1);
  await page.keyboard.press('Space');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { chooserOpened: number }).chooserOpened))
    .toBe(2);
});
