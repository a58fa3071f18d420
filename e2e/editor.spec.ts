import { expect, test } from '@playwright/test';
import { openSample, runButton, setManifest } from './helpers';

test('Monaco: completion and hover docs from the manifest schema, Airlock diagnostics at the position', async ({
  page,
}) => {
  await openSample(page, 'hello');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await setManifest(page, '{\n  \n}');
  await editor.focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('"');
  await page.keyboard.press('Control+Space');
  const suggestions = page.getByRole('listbox');
  await expect(suggestions.getByRole('option', { name: /^args/ })).toBeVisible();
  await expect(suggestions.getByRole('option', { name: /^mounts/ })).toBeVisible();
  await page.keyboard.press('Escape');

  // Hover docs: the schema's description of "env".
  await setManifest(page, '{ "env": { "NAME": "Ada" } }');
  await page.getByText('"env"', { exact: true }).hover();
  await expect(
    page.getByRole('tooltip').filter({ hasText: 'only variables the guest sees' }),
  ).toBeVisible();

  // Airlock's own validator: a marker and the problem list, and Run says why.
  await setManifest(page, '{ "env": { "NAME": 1 } }');
  await expect(runButton(page)).toBeDisabled();
  await expect(page.getByRole('group', { name: 'Manifest problems' })).toContainText('1:20');
});
