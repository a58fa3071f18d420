/**
 * Record mode → least privilege (issue 7): "Discover least privilege" runs the component with
 * everything granted in throwaway copies, proposes changes one by one, and the applied manifest
 * still does the job.
 */
import { expect, test } from '@playwright/test';
import { logRows, openSample, output, runAndWait, setManifest } from './helpers';

const OVER_PRIVILEGED = `// More than read-file needs.
{
  "mounts": [
    {
      "guest": "/data",
      "access": "read-write",
      "files": {
        "secret.txt": "The password for the airlock is: swordfish\\n",
        "vault/inner.txt": "You found the inner vault. The code is 7-3-1.\\n"
      }
    },
    // Never used.
    { "guest": "/scratch", "access": "read-write" }
  ],
  "env": { "TOKEN": "abc" },
  "clocks": { "wall": "real", "monotonic": "real" },
  "random": "real"
}
`;

test('an over-privileged manifest: the proposal narrows it and the applied manifest keeps the output', async ({
  page,
}) => {
  await openSample(page, 'read-file');
  await setManifest(page, OVER_PRIVILEGED);
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('swordfish');
  const before = await output(page).locator('pre').innerText();
  const calls = await page.getByLabel('Call counts').textContent();

  await page.getByRole('tab', { name: 'Least privilege' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Least privilege' });
  await panel.getByRole('button', { name: 'Discover least privilege' }).click();
  const changes = panel.getByRole('list', { name: 'Proposed changes' });
  await expect(changes).toBeVisible({ timeout: 30_000 });
  // It says where the recording ran, and the page's own run is untouched.
  await expect(panel.getByRole('group', { name: 'Recording' })).toContainText('throwaway copies');
  await expect(page.getByLabel('Call counts')).toHaveText(calls ?? '');
  await expect(output(page).locator('pre')).toHaveText(before);

  const items = changes.getByRole('listitem');
  await expect(items.filter({ hasText: 'mounts[0] /data: read-write → read-only' })).toHaveCount(1);
  await expect(items.filter({ hasText: 'mounts[1] /scratch: removed' })).toHaveCount(1);
  await expect(items.filter({ hasText: 'env: removed' })).toHaveCount(1);
  await expect(items.filter({ hasText: 'random' })).toHaveCount(1);
  for (const box of await changes.getByRole('checkbox').all()) await expect(box).toBeChecked();

  // Unticking a change updates the preview; ticking it again restores it.
  const diff = panel.getByRole('group', { name: 'Manifest diff' });
  await expect(diff).toContainText('removed: "env": { "TOKEN": "abc" },');
  const env = changes.getByRole('checkbox', { name: /env: removed/ });
  await env.uncheck();
  await expect(diff).toContainText(/added:\s+"env": \{ "TOKEN": "abc" \}/);
  await env.check();
  await expect(diff).not.toContainText(/added:\s+"env"/);

  await panel.getByRole('button', { name: 'Apply all' }).click();
  const editor = page.getByRole('region', { name: 'Manifest editor' });
  await expect(editor).toContainText('"access": "read-only"');
  await expect(editor).not.toContainText('/scratch');
  await expect(editor).not.toContainText('TOKEN');
  await expect(panel).toContainText('Applied to the editor');

  await runAndWait(page, 'Exited with code 0');
  await expect(output(page).locator('pre')).toHaveText(before);
  await page.getByRole('tab', { name: 'Capability log' }).click();
  await expect(logRows(page).first()).toBeVisible();
  await expect(logRows(page).filter({ hasText: /denied|trapped/ })).toHaveCount(0);
});

test('the http sample: requests are denied during the recording but recorded, and proposed by origin', async ({
  page,
}) => {
  await openSample(page, 'http');
  await page.getByRole('tab', { name: 'Least privilege' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Least privilege' });
  await panel.getByRole('button', { name: 'Discover least privilege' }).click();
  const recording = panel.getByRole('group', { name: 'Recording' });
  await expect(recording).toContainText('Denied but recorded', { timeout: 30_000 });
  await expect(recording).toContainText('https://weather.example.org/today?city=Paris');
  await expect(recording).toContainText('https://tracker.example.net/collect?user=ada');
  const changes = panel.getByRole('list', { name: 'Proposed changes' });
  await expect(changes).toContainText('http.allow: + https://weather.example.org');
  await expect(changes).toContainText('http.allow: + https://tracker.example.net');
  // A grant is marked as one: it gives the guest more.
  await expect(
    changes.getByRole('listitem').filter({ hasText: 'tracker.example.net' }),
  ).toContainText('grant');
});
