/**
 * Interactive stdin (issue 10): the guess sample waits for lines typed into the Output pane's
 * input line. Enter sends a line, Ctrl+D sends end of input. The seed in its manifest makes the
 * secret 68.
 */
import { expect, test, type Page } from '@playwright/test';
import { logRows, output, runButton, runStatus, setManifest } from './helpers';
import { openSampleReady } from './fixtures/io-helpers';

function stdinLine(page: Page) {
  return output(page).getByRole('textbox', { name: 'stdin' });
}

/**
 * Types one line into the waiting guest and presses Enter. After the `last` line the guest may end
 * at once, and the input line goes with it.
 */
async function send(page: Page, line: string, opts: { last?: boolean } = {}): Promise<void> {
  const input = stdinLine(page);
  await expect(input).toBeVisible();
  await expect(input).toBeFocused();
  await input.fill(line);
  await input.press('Enter');
  if (!opts.last) await expect(input).toHaveValue('');
}

async function startGuess(page: Page): Promise<void> {
  await openSampleReady(page, 'guess');
  await expect(runButton(page)).toBeEnabled();
  await runButton(page).click();
  // The guest asks, then waits: the input line is there and says so.
  await expect(output(page)).toContainText('Guess 1? ');
  await expect(stdinLine(page)).toBeVisible();
  await expect(output(page)).toContainText('waiting for input');
  await expect(runStatus(page)).not.toContainText(/Exited|Trapped|Timed out|Stopped/);
}

test('play guess interactively: each line typed gets its answer at once, and the right number wins', async ({
  page,
}) => {
  await startGuess(page);

  await send(page, '50');
  await expect(output(page)).toContainText('50 is too low: higher!');
  await expect(output(page)).toContainText('Guess 2? ');
  await expect(runStatus(page)).not.toContainText('Exited');

  await send(page, 'fifty');
  await expect(output(page)).toContainText('"fifty" is not a number between 1 and 100.');

  await send(page, '75');
  await expect(output(page)).toContainText('75 is too high: lower!');
  await send(page, '62');
  await expect(output(page)).toContainText('62 is too low: higher!');
  await send(page, '68', { last: true });
  await expect(output(page)).toContainText('68 is right! You found it in 4 guesses.');
  await expect(runStatus(page)).toContainText('Exited with code 0');
  await expect(stdinLine(page)).toHaveCount(0);

  // Every typed line is a granted read of the interactive stdin in the log.
  await page.getByRole('searchbox', { name: 'Filter log' }).fill('blocking-read');
  const reads = logRows(page).filter({ hasText: 'input-stream.blocking-read' });
  await expect(reads.first()).toContainText('stdin interactive');
  await expect(reads.first()).toContainText('granted');
  expect(await reads.count()).toBeGreaterThanOrEqual(5);
});

test('Ctrl+D ends the input: the guest reads end of input and gives up', async ({ page }) => {
  await startGuess(page);
  await send(page, '10');
  await expect(output(page)).toContainText('10 is too low: higher!');
  await expect(output(page)).toContainText('Guess 2? ');

  await stdinLine(page).press('Control+d');
  await expect(output(page)).toContainText('End of input after 1 guess: the number was 68.');
  await expect(runStatus(page)).toContainText('Exited with code 0');
  await expect(stdinLine(page)).toHaveCount(0);
});

// A call that waits (JSPI) is logged as "pending…" when it starts; its result follows when it
// settles (the batch's `settled` list), so the row ends showing what the read returned.
test('the log shows what each interactive read returned: the line typed, then closed', async ({
  page,
}) => {
  await startGuess(page);
  await send(page, '10');
  await expect(output(page)).toContainText('Guess 2? ');
  await stdinLine(page).press('Control+d');
  await expect(runStatus(page)).toContainText('Exited with code 0');

  await page.getByRole('searchbox', { name: 'Filter log' }).fill('blocking-read');
  const reads = logRows(page).filter({ hasText: 'input-stream.blocking-read' });
  await expect(reads).toHaveCount(2);
  await expect(reads.first()).toContainText('10');
  // The last read reports `closed`: how end of input looks in WASI 0.2.
  await expect(reads.last()).toContainText('closed', { timeout: 3_000 });
  await expect(reads.filter({ hasText: 'pending' })).toHaveCount(0);
});

test('Ctrl+D with text on the line sends the text, then end of input', async ({ page }) => {
  await startGuess(page);
  await stdinLine(page).fill('68');
  await stdinLine(page).press('Control+d');
  await expect(output(page)).toContainText('68 is right! You found it in 1 guess.');
  await expect(runStatus(page)).toContainText('Exited with code 0');
});

test('lines typed before the guest asks are kept for it', async ({ page }) => {
  // The guest asks once; two lines arrive before it reads the second time.
  await startGuess(page);
  const input = stdinLine(page);
  await input.fill('30');
  await input.press('Enter');
  await input.fill('68');
  await input.press('Enter');
  await expect(output(page)).toContainText('30 is too low: higher!');
  await expect(output(page)).toContainText('68 is right! You found it in 2 guesses.');
  await expect(runStatus(page)).toContainText('Exited with code 0');
});

test('pre-filled stdin plays the guesses without any typing', async ({ page }) => {
  await openSampleReady(page, 'guess');
  await setManifest(page, '{ "random": { "seed": 7 }, "stdin": "50\\n75\\n62\\n68\\n" }');
  await runButton(page).click();
  await expect(runStatus(page)).toContainText('Exited with code 0', { timeout: 30_000 });
  await expect(output(page)).toContainText('68 is right! You found it in 4 guesses.');
  await expect(stdinLine(page)).toHaveCount(0);
});

// Run used to be enabled as soon as the sample's component was ready, before its manifest text
// had arrived, and a run started in between used the previous manifest (`{}` on a fresh page):
// guess trapped on the denied random instead of asking. Slowing the manifest's chunk makes that
// window wide; Run now waits for the manifest (`manifestLoading` in the store).
test('Run right after picking a sample uses that sample’s manifest', async ({ page }) => {
  await page.route('**/assets/manifest-*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await page.goto('/?sample=guess');
  await expect(runStatus(page)).toContainText('guess.wasm');
  // While the manifest is on its way, Run says so and waits.
  await expect(runButton(page)).toBeDisabled();
  await expect(runButton(page)).toBeEnabled();
  await runButton(page).click();
  await expect(output(page)).toContainText('Guess 1? ');
  await expect(runStatus(page)).not.toContainText('Trapped');
});
