/**
 * After one visit the app works with no network at all: the service worker precaches the page,
 * the editor, the transpiler, the run host and the samples.
 */
import { expect, test } from '@playwright/test';

test('works offline after the first visit: load, pick a sample, run it', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Airlock');
  // Wait until the service worker controls the page and has precached everything.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
          once: true,
        }),
      );
    }
  });

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page).toHaveTitle('Airlock');
    const picker = page.getByLabel('Sample', { exact: true });
    const options = await picker.locator('option').allTextContents();
    await picker.selectOption({ label: options.find((o) => /read-only mount/i.test(o))! });
    await page.getByRole('button', { name: 'Run' }).click();
    const output = page.getByRole('region', { name: 'Output' });
    await expect(output).toContainText('swordfish', { timeout: 30_000 });
    await expect(page.getByRole('table', { name: 'Capability log' })).toContainText('open-at');
  } finally {
    await context.setOffline(false);
  }
});
