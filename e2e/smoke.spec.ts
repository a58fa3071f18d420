import { expect, test } from '@playwright/test';

test('serves the Airlock page itself, fully bundled, with no console errors', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));

  await page.goto('/');
  await expect(page).toHaveTitle('Airlock');
  await expect(page.getByRole('heading', { name: 'Airlock', level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(blocked, 'requests to anything but the local server').toEqual([]);
  expect(consoleErrors).toEqual([]);
});
