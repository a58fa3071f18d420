/**
 * Issue 17, point 2: typing JSON line by line in the manifest editor. Enter inserts a new line
 * (it never accepts a suggestion); Tab accepts a suggestion.
 */
import { expect, test } from '@playwright/test';
import { openSample, output, runAndWait, setManifest } from './helpers';

test('type the hello challenge answer line by line with Enter: it stays valid and runs', async ({
  page,
}) => {
  await openSample(page, 'hello');
  await setManifest(page, '');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await editor.focus();
  // As a person types it, closing braces included, while suggestions pop up.
  for (const line of ['{', '"env": {', '"NAME": "Grace"', '}', '}']) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  const problems = page.getByRole('group', { name: 'Manifest problems' });
  await expect(problems).toContainText('Manifest is valid');
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Grace!');
});

test('a suggestion is accepted with Tab', async ({ page }) => {
  await openSample(page, 'hello');
  await setManifest(page, '{\n  \n}');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('"arg');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^args/ })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('"args": [');
});
