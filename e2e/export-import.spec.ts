/** Import (issue 6): a pasted `wasmtime run …` command becomes a manifest in the editor. */
import { expect, test } from '@playwright/test';
import { openSample, output, runAndWait } from './helpers';

test('a wasmtime command with --dir and --env becomes a manifest with that mount and env', async ({
  page,
}) => {
  await openSample(page, 'hello');
  await page.getByRole('tab', { name: 'Export' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Export' });
  await panel
    .getByRole('textbox', { name: 'wasmtime command' })
    .fill('wasmtime run --dir ./data::/data --env A=1 x.wasm');
  const preview = panel.getByRole('group', { name: 'Manifest preview' });
  await expect(preview).toContainText('"guest": "/data"');
  await expect(preview).toContainText('"A": "1"');
  await expect(panel.getByRole('region', { name: 'Import warnings' })).toContainText('not copied');

  await panel.getByRole('button', { name: 'Use this manifest' }).click();
  const editor = page.getByRole('region', { name: 'Manifest editor' });
  await expect(editor).toContainText('"guest": "/data"');
  await expect(editor).toContainText('"A": "1"');
  await expect(page.getByRole('group', { name: 'Manifest problems' })).toContainText(
    'Manifest is valid',
  );

  // The imported manifest runs (hello prints its greeting whatever the mounts).
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello');
});
