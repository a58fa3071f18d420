/**
 * Issue 17, point 7: reading the log and the files of a run. Interfaces and rules are readable,
 * "Grant this" never covers the result, the run's final row has a number, a missing comma is
 * reported where it is missing, and a sound or an image a run wrote can be played or seen.
 */
import { expect, test, type Locator } from '@playwright/test';
import { logRows, openSample, runAndWait, runStatus, setManifest } from './helpers';

/** Whether the cell's text is drawn in full (not cut with an ellipsis). */
async function shownInFull(cell: Locator): Promise<boolean> {
  return cell.evaluate((el) => el.scrollWidth <= el.clientWidth);
}

test('read the log of a denied write: interface, rule and result are whole; Grant this sits beside the result', async ({
  page,
}) => {
  await openSample(page, 'write-file');
  await runAndWait(page, 'Exited with code 1');
  const denied = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'denied' }).first();
  const cells = denied.getByRole('cell');
  const interfaceCell = cells.nth(2);
  await expect(interfaceCell).toContainText('filesystem/types');
  expect(await shownInFull(interfaceCell)).toBe(true);
  const rule = cells.nth(6);
  await expect(rule).toHaveText('mounts[0] read-only');
  expect(await shownInFull(rule)).toBe(true);
  const result = await cells.nth(7).boundingBox();
  const grant = await denied.getByRole('button', { name: 'Grant this' }).boundingBox();
  expect(grant!.x).toBeGreaterThanOrEqual(result!.x + result!.width - 1);
});

test('a run stopped by its timeout: the final row is numbered after the last call', async ({
  page,
}) => {
  await openSample(page, 'runaway');
  await setManifest(page, '{ "limits": { "timeoutMs": 300 } }');
  await runAndWait(page, 'Timed out');
  const last = logRows(page).last();
  await expect(last).toContainText('limits.timeoutMs');
  const numbers = await logRows(page).evaluateAll((rows) =>
    rows.map((r) => Number(r.querySelector('[role="cell"]')?.textContent)),
  );
  expect(numbers).not.toContain(0);
  expect(numbers.at(-1)).toBe(Math.max(...numbers));
});

test('forget a comma: the problem is reported on the line that lacks it', async ({ page }) => {
  await openSample(page, 'hello');
  await setManifest(page, '{\n  "args": ["a"]\n  "env": {}\n}');
  const problems = page.getByRole('group', { name: 'Manifest problems' });
  await expect(problems).toContainText('Expected a comma');
  await expect(problems.getByRole('button')).toContainText('2:');
});

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function wav(): string {
  const n = 800;
  const b = Buffer.alloc(44 + n);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write('data', 36);
  b.writeUInt32LE(n, 40);
  for (let i = 0; i < n; i++) b[44 + i] = 128 + Math.round(60 * Math.sin(i / 3));
  return b.toString('base64');
}

test('open a sound and an image in the Files tab: the sound plays, the image shows', async ({
  page,
}) => {
  await openSample(page, 'hello');
  await setManifest(
    page,
    JSON.stringify({
      mounts: [
        {
          guest: '/data',
          files: { 'tone.wav': { base64: wav() }, 'dot.png': { base64: PNG } },
        },
      ],
    }),
  );
  await runAndWait(page, 'Exited with code 0');
  await expect(runStatus(page)).toContainText('Exited');
  await page.getByRole('tab', { name: 'Files' }).click();
  const files = page.getByRole('tabpanel', { name: 'Files' });
  await files.getByRole('button', { name: /tone\.wav/ }).click();
  const audio = files.getByLabel('Play /data/tone.wav');
  await expect(audio).toBeVisible();
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState >= 1 && el.duration))
    .toBeCloseTo(0.1, 2);
  await files.getByRole('button', { name: /dot\.png/ }).click();
  const img = files.getByRole('img', { name: /dot\.png/ });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1);
});
