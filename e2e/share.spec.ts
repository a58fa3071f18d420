import { expect, test } from '@playwright/test';
import { openSample, output, runAndWait, setManifest } from './helpers';

test('Share puts the sandbox in a link that opens it again, and ?autorun=1 runs it', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSample(page, 'hello');
  await setManifest(page, '// shared\n{ "env": { "NAME": "Linked" } }');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link' })).toBeVisible();
  await expect(page).toHaveURL(/#s=v1\./);
  const link = page.url();

  const other = await context.newPage();
  await other.goto(link.replace('/#', '/?autorun=1#'));
  await expect(other.getByRole('status', { name: 'Run status' })).toContainText(
    'Exited with code 0',
    {
      timeout: 30_000,
    },
  );
  await expect(output(other)).toContainText('Hello, Linked!');
  await expect(other.getByLabel('Sample')).toHaveValue('hello');
  await other.close();
});

test('the workspace survives a reload (autosave)', async ({ page }) => {
  await openSample(page, 'hello');
  await setManifest(page, '{ "env": { "NAME": "Saved" } }');
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(page.getByRole('group', { name: 'Manifest problems' })).toBeVisible();
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Saved!');
});

test('a broken link says why and falls back to a sample', async ({ page }) => {
  await page.goto('/#s=v1.not-really-a-sandbox');
  await expect(page.getByRole('alert').filter({ hasText: 'link' })).toContainText(
    'could not be opened',
  );
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});
