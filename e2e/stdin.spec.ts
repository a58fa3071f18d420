import { expect, test } from '@playwright/test';
import { openSample, output, runButton, runStatus, setManifest } from './helpers';

test('an interactive stdin: the guest waits, Enter sends a line, Ctrl+D ends the input', async ({
  page,
}) => {
  await openSample(page, 'stdin');
  await setManifest(page, '{ "stdin": { "interactive": true } }');
  await runButton(page).click();
  const stdin = output(page).getByRole('textbox', { name: 'stdin' });
  await expect(stdin).toBeVisible();
  await expect(runStatus(page)).toContainText('Waiting for input');
  await expect(stdin).toBeFocused();

  await stdin.fill('hello brave world');
  await stdin.press('Enter');
  await expect(output(page)).toContainText('line 1: 3 word(s): hello brave world');
  await stdin.fill('two words');
  await stdin.press('Enter');
  await expect(output(page)).toContainText('line 2: 2 word(s): two words');

  await stdin.press('Control+d');
  await expect(runStatus(page)).toContainText('Exited with code 0');
  await expect(output(page)).toContainText('2 lines, 5 words, 28 bytes');
  await expect(stdin).toHaveCount(0);
});
