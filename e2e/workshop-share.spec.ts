/**
 * Issue 17, point 5: sharing a sandbox that runs an uploaded component. The person who opens
 * the link reads what to do in full and has the button for it; a sandbox file can be saved at
 * any size; the component the exports name can be downloaded.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openSample, output, runAndWait, runButton, runStatus, setManifest } from './helpers';

const HELLO_PATH = path.resolve(import.meta.dirname, '../samples/hello/hello.wasm');
const HELLO = readFileSync(HELLO_PATH);

test('open a shared link to an uploaded component: the whole instruction is shown, and uploading the file runs the shared manifest', async ({
  page,
  browser,
}) => {
  await openSample(page, 'hello');
  await page
    .getByLabel('Upload component')
    .setInputFiles({ name: 'greeter.wasm', mimeType: 'application/wasm', buffer: HELLO });
  await expect(runStatus(page)).toContainText('Ready: greeter.wasm');
  await setManifest(page, '{ "env": { "NAME": "Link" } }');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/#s=/);
  const link = page.url();

  // Someone else, in another browser: the upload is not there.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await theirs.goto(link);
  const alert = theirs.getByRole('alert').filter({ hasText: 'greeter.wasm' });
  await expect(alert).toContainText('upload the same file to run the sandbox');
  // The instruction is on screen in full (not cut, not only in a tooltip).
  const text = alert.locator('.notice-text');
  expect(
    await text.evaluate(
      (el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight,
    ),
  ).toBe(true);
  await expect(runStatus(theirs)).not.toContainText('Ready');
  await expect(runButton(theirs)).toBeDisabled();

  const chooser = theirs.waitForEvent('filechooser');
  await alert.getByRole('button', { name: 'Upload greeter.wasm…' }).click();
  await (
    await chooser
  ).setFiles({ name: 'greeter.wasm', mimeType: 'application/wasm', buffer: HELLO });
  await expect(alert).toHaveCount(0);
  await runAndWait(theirs, 'Exited with code 0');
  await expect(output(theirs)).toContainText('Hello, Link!');
  await other.close();
});

test('save a small sandbox as a file and open it again', async ({ page }) => {
  await openSample(page, 'hello');
  await setManifest(page, '{ "env": { "NAME": "Saved" } }');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.airlock\.json$/);
  const saved = path.join(test.info().outputDir, file.suggestedFilename());
  await file.saveAs(saved);

  await setManifest(page, '{}');
  await page.getByLabel('Upload component').setInputFiles(saved);
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Saved!');
});

test('download the component the wasmtime export names', async ({ page }) => {
  await openSample(page, 'hello');
  await page.getByRole('tab', { name: 'Export' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Export' });
  await expect(panel).toContainText('wasmtime run');
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download hello.wasm' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('hello.wasm');
  const got = readFileSync(await file.path());
  expect(Buffer.compare(got, HELLO)).toBe(0);
});
