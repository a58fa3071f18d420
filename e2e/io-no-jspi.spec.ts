/**
 * Without JSPI (WebAssembly stack switching), a call into the host cannot wait for a promise. The
 * page should say, before the run, which of the blocking capabilities the component and its
 * manifest use will not work. These tests remove JSPI from the page (the page decides, in
 * RunClient.jspi, whether components are transpiled for it) and check what the user sees.
 */
import { expect, test, type Page } from '@playwright/test';
import { output, runAndWait, runStatus, setManifest } from './helpers';
import { openSampleReady } from './fixtures/io-helpers';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const wasm = WebAssembly as unknown as Record<string, unknown>;
    delete wasm.Suspending;
    delete wasm.promising;
  });
});

/** The component is prepared (transpiled without JSPI): its summary says so. */
async function openPrepared(page: Page, id: string): Promise<void> {
  await openSampleReady(page, id);
  await page.getByRole('tab', { name: 'Component' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Component' })).toContainText('no JSPI');
  await page.getByRole('tab', { name: 'Capability log' }).click();
}

/**
 * A warning about JSPI where the user looks before pressing Run: a notice or status of the page,
 * not the lesson's prose and not the Component tab.
 */
function jspiWarning(page: Page, about: RegExp) {
  return page
    .getByRole('status')
    .or(page.getByRole('alert'))
    .or(page.getByRole('note'))
    .filter({ hasText: /JSPI/ })
    .filter({ hasText: about });
}

test('the component summary says that blocking calls are limited', async ({ page }) => {
  await openSampleReady(page, 'sleep');
  await page.getByRole('tab', { name: 'Component' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Component' })).toContainText(
    'no JSPI: blocking stdin and sleeps are limited',
  );
});

test('sleep still works without JSPI: the run worker blocks instead', async ({ page }) => {
  await openPrepared(page, 'sleep');
  await runAndWait(page, 'Exited with code 0');
  const text = await output(page).innerText();
  const naps = [...text.matchAll(/nap \d: slept (\d+\.\d) ms/g)].map((m) => Number(m[1]));
  expect(naps).toHaveLength(3);
  for (const ms of naps) expect(ms).toBeGreaterThanOrEqual(300);
});

test('guess (interactive stdin): the page warns before the run that typing will not reach the guest', async ({
  page,
}) => {
  await openPrepared(page, 'guess');
  const warning = jspiWarning(page, /Interactive stdin/);
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('end of input');
  await expect(jspiWarning(page, /HTTP/)).toHaveCount(0);
});

test('guess (interactive stdin): the run reads end of input at once, as the warning said', async ({
  page,
}) => {
  await openPrepared(page, 'guess');
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('End of input after 0 guesses: the number was 68.');
});

test('guess with stdin as text: no warning, and the game plays', async ({ page }) => {
  await openPrepared(page, 'guess');
  await setManifest(page, '{ "random": { "seed": 7 }, "stdin": "68\\n" }');
  await expect(jspiWarning(page, /JSPI/)).toHaveCount(0);
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('68 is right! You found it in 1 guess.');
});

test('http (allowed and mocked requests): the page warns before the run that requests will trap', async ({
  page,
}) => {
  await openPrepared(page, 'http');
  await expect(jspiWarning(page, /Outgoing HTTP/)).toBeVisible();
  await expect(jspiWarning(page, /Outgoing HTTP/)).toContainText('traps');
});

test('sleep: nothing to warn about, sleeping works without JSPI', async ({ page }) => {
  await openPrepared(page, 'sleep');
  await expect(jspiWarning(page, /JSPI/)).toHaveCount(0);
});

test('http: the run traps at the first granted request and says it needs JSPI', async ({
  page,
}) => {
  await openPrepared(page, 'http');
  await runAndWait(page, 'Trapped');
  await expect(runStatus(page)).toContainText('outgoing HTTP needs JSPI');
});
