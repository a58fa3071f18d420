/**
 * A page opened to run something shows the run first: the manifest editor's big chunk (Monaco)
 * is not fetched or compiled before the first output is on screen. Without a run, the editor
 * still arrives on its own, and at once when the user reaches for the plain editor.
 */
import { expect, test } from '@playwright/test';
import { output, runStatus } from './helpers';

test('?autorun=1: the editor chunk is requested only after the first output is on screen', async ({
  page,
}) => {
  await page.goto('/?sample=hello&autorun=1');
  await expect(output(page)).toContainText('Hello');
  await expect(page.getByRole('textbox', { name: 'Manifest', exact: true })).toHaveAttribute(
    'aria-roledescription',
    'editor',
    { timeout: 20_000 },
  );
  const order = await page.evaluate(() => {
    const firstOutput = performance.getEntriesByName('airlock:first-output')[0]?.startTime;
    const editor = performance
      .getEntriesByType('resource')
      .find((e) => e.name.includes('MonacoManifestEditor'))?.startTime;
    return { firstOutput, editor };
  });
  expect(order.firstOutput).toBeDefined();
  expect(order.editor).toBeDefined();
  expect(order.editor!).toBeGreaterThan(order.firstOutput!);
});

test('without a run, the editor loads on its own; the plain editor works meanwhile', async ({
  page,
}) => {
  await page.goto('/?sample=hello');
  await expect(runStatus(page)).toContainText('hello.wasm');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await expect(editor).toHaveAttribute('aria-roledescription', 'editor', { timeout: 20_000 });
});

test('?autorun=1: the sample, its bindings and the run host are requested before the page first renders, each once', async ({
  page,
}) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/?sample=hello&autorun=1');
  await expect(output(page)).toContainText('Hello');
  await expect(runStatus(page)).toContainText('Exited with code 0');
  const timing = await page.evaluate(() => {
    const start = (part: string) =>
      performance.getEntriesByType('resource').find((e) => e.name.includes(part))?.startTime;
    return {
      rendered: performance.getEntriesByName('airlock:page-rendered')[0]?.startTime,
      runHost: start('run-host.html'),
      wasm: start('/hello-'),
    };
  });
  // Started by the boot, not after React's first commit.
  expect(timing.rendered).toBeDefined();
  expect(timing.runHost).toBeLessThan(timing.rendered!);
  expect(timing.wasm).toBeLessThan(timing.rendered!);
  const runAssets = requested.filter((p) => /hello|run-host/.test(p));
  expect(runAssets.length).toBeGreaterThanOrEqual(4);
  expect(new Set(runAssets).size, `fetched twice: ${runAssets.join(', ')}`).toBe(runAssets.length);
});
