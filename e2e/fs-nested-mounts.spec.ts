/**
 * The red-team's nested-mount escape (issue 14), in the page: `/ro` read-only contains `/ro/sub`
 * read-write; through the `/ro` descriptor the guest makes a symlink `sub/lnk -> ../victim.txt`
 * and opens it with create+truncate. The open is denied by the outer mount's rule and
 * victim.txt keeps its bytes. The guest is built from WAT by the test.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nestedMountEscapeModule } from '../src/runtime/testing/fs-attack-guests';
import { logRows, output, runAndWait, runStatus, setManifest } from './helpers';

test('a symlink in a read-write inner mount cannot write the read-only outer mount', async ({
  page,
}) => {
  const wasm = path.join(mkdtempSync(path.join(tmpdir(), 'airlock-e2e-')), 'nested-escape.wasm');
  writeFileSync(wasm, await nestedMountEscapeModule());
  await page.goto('/');
  await page.getByLabel('Upload component').setInputFiles(wasm);
  await expect(runStatus(page)).toContainText('nested-escape.wasm');
  await setManifest(
    page,
    JSON.stringify({
      mounts: [
        { guest: '/ro', access: 'read-only', files: { 'victim.txt': 'ORIGINAL' } },
        { guest: '/ro/sub', access: 'read-write' },
      ],
    }),
  );
  await runAndWait(page, /Exited/);
  await expect(output(page)).toContainText('ORIGINAL');
  await expect(output(page)).not.toContainText('PWNED');
  const open = logRows(page).filter({ hasText: 'open-at' }).filter({ hasText: 'lnk' }).first();
  await expect(open).toContainText('denied');
  await expect(open).toContainText('mounts[0] read-only');
  await page.getByRole('tab', { name: 'Files' }).click();
  const files = page.getByRole('tabpanel', { name: 'Files' });
  await expect(files).toContainText('After run #1: 1 created');
  await expect(files.getByTitle('/ro/victim.txt')).toHaveClass(/fs-row-unchanged/);
});
