/**
 * Export (issue 6): the manifest as a wasmtime command (and the other formats), with the setup
 * script and, under a heading of its own, what the runtime cannot express.
 */
import { expect, test } from '@playwright/test';
import { openSample, setManifest } from './helpers';

const FROZEN = `{
  "mounts": [{ "guest": "/data", "access": "read-write", "files": { "in.txt": "hello" } }],
  "env": { "GREETING": "hi there" },
  "clocks": { "wall": "frozen:2024-01-01T00:00:00Z" }
}`;

test('a manifest with a frozen clock exports to wasmtime with what wasmtime cannot express', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSample(page, 'hello');
  await setManifest(page, FROZEN);
  await page.getByRole('tab', { name: 'Export' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Export' });
  await expect(panel.getByRole('radio', { name: 'wasmtime run' })).toBeChecked();

  const text = panel.getByRole('group', { name: 'wasmtime run' });
  await expect(text).toContainText('wasmtime run');
  await expect(text).toContainText('--dir ./data::/data');
  await expect(text).toContainText("--env 'GREETING=hi there'");
  await expect(text).toContainText('hello.wasm');

  const gaps = panel.getByRole('region', { name: 'What wasmtime cannot express' });
  await expect(gaps).toContainText('clocks.wall "frozen:2024-01-01T00:00:00Z"');
  await expect(gaps).toContainText('no frozen clock');

  await expect(panel.getByRole('group', { name: /^Setup/ })).toContainText('mkdir -p data');

  await panel.getByRole('button', { name: 'Copy wasmtime run' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    '--dir ./data::/data',
  );

  // Another format: its own text and its own list.
  await panel.getByRole('radio', { name: 'Spin component (spin.toml)' }).click();
  await expect(panel.getByRole('group', { name: 'spin.toml' })).toContainText('[component.hello]');
  await expect(panel.getByRole('region', { name: 'What Spin cannot express' })).toContainText(
    'no frozen clock',
  );
});

test('an invalid manifest cannot be exported, and says so', async ({ page }) => {
  await openSample(page, 'hello');
  await setManifest(page, '{ "mounts": 3 }');
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Export' })).toContainText(
    'fix them to export it',
  );
});
