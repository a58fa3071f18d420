import { expect, test } from '@playwright/test';
import { logRows, openSample, output, runAndWait, setManifest } from './helpers';

test('taking a capability away shows a denied row with the rule that decided', async ({ page }) => {
  await openSample(page, 'read-file');
  await runAndWait(page);
  await expect(output(page)).toContainText('swordfish');
  await expect(
    logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'granted' }).first(),
  ).toBeVisible();

  // No mounts at all: the guest sees no directory.
  await setManifest(page, '{}');
  await runAndWait(page);
  await expect(output(page)).not.toContainText('swordfish');
  const denied = logRows(page).filter({ hasText: 'denied' });
  await expect(denied.first()).toBeVisible();
  await expect(denied.first()).toContainText('default deny');
});

test('a read-only mount denies a write with the mount rule', async ({ page }) => {
  await openSample(page, 'write-file');
  await runAndWait(page, 'Exited with code 1');
  const row = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'denied' }).first();
  await expect(row).toContainText('mounts[0] read-only');
  await expect(row).toContainText('read-only');
});
