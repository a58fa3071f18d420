import { expect, test } from '@playwright/test';
import { output, runAndWait, setManifest } from './helpers';

test('the page is usable without Monaco: a plain "Manifest" textarea edits and runs', async ({
  page,
}) => {
  // Keep the editor chunk from ever arriving.
  await page.route(/MonacoManifestEditor-[^/]*\.js$/, (route) => route.abort());
  await page.goto('/?sample=hello');
  const manifest = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await expect(manifest).toHaveValue(/"NAME": "Ada"/);
  await expect(manifest).not.toHaveAttribute('aria-roledescription', 'editor');

  await setManifest(page, '{ "env": { "NAME": "Plain" } }', { plain: true });
  await expect(manifest).toHaveValue('{ "env": { "NAME": "Plain" } }');
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Plain!');

  // Ctrl+Enter runs from the textarea too.
  await manifest.focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText(
    'Exited with code 0',
  );
});
