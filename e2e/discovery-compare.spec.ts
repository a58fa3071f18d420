/**
 * Side by side (issue 7): the page keeps the previous run; "Compare with previous run" shows how
 * the ending changed, which calls changed verdict (with both rules), the output diff and files.
 */
import { expect, test } from '@playwright/test';
import { openSample, runAndWait, setManifest } from './helpers';

test('taking a capability away: the comparison shows the verdict change with both rules', async ({
  page,
}) => {
  await openSample(page, 'read-file');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Compare' });
  const compare = panel.getByRole('button', { name: 'Compare with previous run' });
  await expect(compare).toBeDisabled();

  await runAndWait(page, 'Exited with code 0');
  await expect(compare).toBeDisabled();
  await setManifest(page, '{ "mounts": [] }');
  await runAndWait(page, /Exited with code [1-9]/);
  await expect(compare).toBeEnabled();
  await compare.click();

  await expect(panel.getByRole('status')).toContainText(
    /exited with code 0 → exited with code [1-9]/,
  );
  const changed = panel.getByRole('table', { name: 'Calls whose verdict changed' });
  await expect(changed).toBeVisible();
  const row = changed.getByRole('row').filter({ hasText: 'get-directories' });
  await expect(row.first()).toContainText('granted');
  await expect(row.first()).toContainText('denied');
  await expect(row.first()).toContainText('default deny');
  await expect(panel.getByRole('region', { name: 'Only in the previous run' })).toContainText(
    'secret.txt',
  );
  await expect(panel.getByRole('group', { name: 'stdout diff' })).toContainText(
    /removed:.*swordfish/,
  );
  await panel.getByText('Manifest changes between the runs').click();
  await expect(panel.getByRole('group', { name: 'Manifest changes' })).toContainText(
    'added: { "mounts": [] }',
  );
});

test('two runs of the same deterministic sandbox compare as the same', async ({ page }) => {
  await openSample(page, 'hello');
  await runAndWait(page, 'Exited with code 0');
  await runAndWait(page, 'Exited with code 0');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Compare' });
  await panel.getByRole('button', { name: 'Compare with previous run' }).click();
  await expect(panel.getByRole('status')).toContainText('Same result');
});
