/**
 * Issue 17, point 1: an attendee opens the page (hello), uploads their own program, and it runs
 * under a fresh deny-by-default manifest named for it, not under hello's.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openSample, output, runAndWait, runStatus } from './helpers';

const HELLO = readFileSync(path.resolve(import.meta.dirname, '../samples/hello/hello.wasm'));

function editorText(page: import('@playwright/test').Page) {
  return page.locator('.monaco-editor .view-lines');
}

test('upload my program after hello: a fresh manifest named for it, drafted from its imports, hello one undo away', async ({
  page,
}) => {
  await openSample(page, 'hello');
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  await expect(editor).toHaveAttribute('aria-roledescription', 'editor', { timeout: 20_000 });
  await expect(editorText(page)).toContainText('manifest v1 for the "hello" sample');

  await page
    .getByLabel('Upload component')
    .setInputFiles({ name: 'greet-me.wasm', mimeType: 'application/wasm', buffer: HELLO });
  await expect(runStatus(page)).toContainText('greet-me.wasm');
  // The draft names the upload and lists what it imports, granting none of it.
  await expect(editorText(page)).toContainText('Manifest for greet-me.wasm');
  await expect(editorText(page)).toContainText('wasi:cli/environment');
  await expect(editorText(page)).not.toContainText('hello');

  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, stranger!');
  await expect(output(page)).toContainText('given 0 argument(s)');
  await expect(output(page)).not.toContainText('--verbose');

  // One undo brings hello's manifest back.
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editorText(page)).toContainText('manifest v1 for the "hello" sample');
  await expect(editorText(page)).not.toContainText('greet-me.wasm');
});

test('after an upload, the notice restores the previous manifest in one click', async ({
  page,
}) => {
  await openSample(page, 'hello');
  await page
    .getByLabel('Upload component')
    .setInputFiles({ name: 'mine.wasm', mimeType: 'application/wasm', buffer: HELLO });
  await expect(editorText(page)).toContainText('Manifest for mine.wasm');
  await page.getByRole('button', { name: 'Restore the previous manifest' }).click();
  await expect(editorText(page)).toContainText('"--verbose"');
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Ada!');
});
