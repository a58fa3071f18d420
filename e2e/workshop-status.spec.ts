/**
 * Issue 17, point 6: the status line never contradicts the page. It says what is happening to a
 * big upload at once, never "Ready" while the component is being prepared, cannot run, or the
 * manifest is invalid.
 */
import { expect, test } from '@playwright/test';
import { openSample, runButton, runStatus, setManifest } from './helpers';

test('choose a 21 MB upload: the status says at once that it is being read and prepared, then why it cannot run', async ({
  page,
}) => {
  await openSample(page, 'hello');
  // Every text the status line shows once the upload is chosen (a re-render of hello's own
  // status before that is not what this test is about).
  await runStatus(page).evaluate((el) => {
    const seen: string[] = [];
    const w = window as unknown as { statusTexts: string[]; uploading?: boolean };
    w.statusTexts = seen;
    document.addEventListener('change', () => (w.uploading = true), { capture: true });
    new MutationObserver(() => {
      if (w.uploading) seen.push(el.textContent ?? '');
    }).observe(el, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  const big = Buffer.alloc(21 * 1024 * 1024, 7);
  big.set([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
  await page
    .getByLabel('Upload component')
    .setInputFiles({ name: 'big.wasm', mimeType: 'application/wasm', buffer: big });
  await expect(runStatus(page)).toContainText('Cannot run big.wasm', { timeout: 30_000 });
  await expect(runButton(page)).toBeDisabled();
  const texts = await page.evaluate(
    () => (window as unknown as { statusTexts: string[] }).statusTexts,
  );
  expect(texts[0]).toMatch(/(Reading|Preparing) big\.wasm/);
  expect(texts.filter((t) => t.includes('Ready'))).toEqual([]);
});

test('break the manifest: the status says so instead of Ready', async ({ page }) => {
  await openSample(page, 'hello');
  await expect(runStatus(page)).toContainText('Ready: hello.wasm');
  await setManifest(page, '{ "env": { "NAME": 1 } }');
  await expect(runButton(page)).toBeDisabled();
  await expect(runStatus(page)).toContainText('The manifest has 1 error');
  await expect(runStatus(page)).not.toContainText('Ready');
  await setManifest(page, '{}');
  await expect(runStatus(page)).toContainText('Ready: hello.wasm');
});
