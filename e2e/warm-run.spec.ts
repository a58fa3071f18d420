/**
 * A warm Run (issue 16): the page stages the next run ahead of the click (its worker has the
 * request and has instantiated the guest), so Run only starts it. What the user must never see
 * is the staged run of a manifest they have since changed, or anything of a staged run that
 * Run did not start.
 */
import { expect, test } from '@playwright/test';
import { logRows, openSample, output, runAndWait, runButton, setManifest } from './helpers';

test('Run right after an edit runs the edited manifest, never the run staged before it', async ({
  page,
}) => {
  await openSample(page, 'hello');
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello, Ada!');

  for (const [name, arg] of [
    ['Grace', 'one'],
    ['Linus', 'two'],
    ['Ada', 'three'],
  ] as const) {
    await setManifest(page, JSON.stringify({ args: [arg], env: { NAME: name } }));
    await runAndWait(page, 'Exited with code 0');
    await expect(output(page)).toContainText(`Hello, ${name}!`);
    await expect(output(page)).toContainText(`argv[1] = "${arg}"`);
    await expect(output(page)).toContainText('1 environment variable(s)');
  }
});

test('a warm Run shows one fresh run: its calls from #1 once, its output once', async ({
  page,
}) => {
  await openSample(page, 'hello');
  await runAndWait(page, 'Exited with code 0');
  const calls = await logRows(page).count();
  const first = await logRows(page).first().getByRole('cell').first().innerText();

  for (let i = 0; i < 3; i++) {
    await expect(runButton(page)).toBeEnabled();
    await runAndWait(page, 'Exited with code 0');
    await expect(logRows(page)).toHaveCount(calls);
    expect(await logRows(page).first().getByRole('cell').first().innerText()).toBe(first);
    const text = await output(page).innerText();
    expect(text.match(/Hello, Ada!/g)).toHaveLength(1);
  }
});
