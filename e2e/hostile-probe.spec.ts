/* eslint-disable */
import { test } from '@playwright/test';
import path from 'node:path';
import { runStatus, setManifest, runButton } from './helpers';
import { expect } from '@playwright/test';
test('probe', async ({ page }) => {
  test.setTimeout(300000);
  await page.goto('/');
  await page.getByLabel('Upload component').setInputFiles(path.resolve(import.meta.dirname, '../hostile/tiny-writes/tiny-writes.wasm'));
  await expect(runStatus(page)).toContainText('tiny-writes.wasm');
  await setManifest(page, '{"limits":{"timeoutMs":200000}}');
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now();
  await runButton(page).click();
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(5000);
    const s = await runStatus(page).innerText();
    const c = await page.getByLabel('Call counts').innerText().catch(() => '');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    console.log(`${((Date.now() - t0) / 1000).toFixed(0)}s ${s.replace(/\n/g, ' ')} | ${c.replace(/\n/g, ' ')} | heap ${(usedSize / 1048576).toFixed(0)} MiB`);
    if (!/Running|Preparing/.test(s)) break;
  }
});
