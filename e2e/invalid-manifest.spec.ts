import { expect, test } from '@playwright/test';
import { openSample, runButton, setManifest } from './helpers';

test('an invalid manifest disables Run and says why', async ({ page }) => {
  await openSample(page, 'hello');
  await expect(runButton(page)).toBeEnabled();

  await setManifest(page, '{\n  "args": [],\n  "evn": { "NAME": "Ada" }\n}');
  await expect(runButton(page)).toBeDisabled();
  const reason = page.getByRole('note').filter({ hasText: 'Fix the manifest' });
  await expect(reason).toContainText('line 3');
  await expect(reason).toContainText('evn');
  await expect(page.getByRole('group', { name: 'Manifest problems' })).toContainText('3:');

  // Broken JSON too.
  await setManifest(page, '{ "args": [ }');
  await expect(runButton(page)).toBeDisabled();

  // Fixed: Run is back.
  await setManifest(page, '{ "env": { "NAME": "Grace" } }');
  await expect(runButton(page)).toBeEnabled();
  await expect(page.getByRole('group', { name: 'Manifest problems' })).toContainText(
    'Manifest is valid',
  );
});
