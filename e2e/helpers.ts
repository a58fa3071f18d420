import { expect, type Page } from '@playwright/test';

/** Opens the page (optionally a sample) and waits until the sample's manifest is in the editor. */
export async function openSample(page: Page, id: string, query = ''): Promise<void> {
  await page.goto(`/?sample=${id}${query ? `&${query}` : ''}`);
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText(`${id}.wasm`);
}

export function runButton(page: Page) {
  return page.getByRole('button', { name: 'Run', exact: true });
}

export function logTable(page: Page) {
  return page.getByRole('table', { name: 'Capability log' });
}

/** The body rows of the capability log (the header row excluded). */
export function logRows(page: Page) {
  return logTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
}

export function output(page: Page) {
  return page.getByRole('region', { name: 'Output' });
}

export function runStatus(page: Page) {
  return page.getByRole('status', { name: 'Run status' });
}

/**
 * Replaces the manifest text, in Monaco or in the plain textarea shown before Monaco loads.
 * Monaco gets a paste (typed text would be auto-closed and auto-indented); the textarea gets
 * the text inserted as typed.
 */
export async function setManifest(
  page: Page,
  text: string,
  opts: { plain?: boolean } = {},
): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
  // Monaco replaces the plain textarea once its chunk has loaded: edit the one that stays.
  if (!opts.plain)
    await expect(editor).toHaveAttribute('aria-roledescription', 'editor', { timeout: 20_000 });
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  const pasted = await editor.evaluate((el, value) => {
    if (!el.closest('.monaco-editor')) return false;
    const data = new DataTransfer();
    data.setData('text/plain', value);
    el.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
    return true;
  }, text);
  if (!pasted) await page.keyboard.insertText(text);
  await expect(page.getByRole('group', { name: 'Manifest problems' })).toBeVisible();
}

/** Presses Run and waits for the verdict. */
export async function runAndWait(
  page: Page,
  verdict: string | RegExp = /Exited|Trapped|Timed out|Stopped|Error/,
): Promise<void> {
  await expect(runButton(page)).toBeEnabled();
  await runButton(page).click();
  await expect(runStatus(page)).toContainText(verdict, { timeout: 30_000 });
}
