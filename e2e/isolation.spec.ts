/**
 * Runs happen in an opaque origin: the run host iframe (sandbox="allow-scripts") and the run
 * workers it starts cannot read the app's IndexedDB or localStorage. The app itself runs under a
 * Content-Security-Policy without inline script, eval or remote origins.
 */
import { expect, test, type Frame, type Page } from '@playwright/test';

async function runHostFrame(page: Page): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().endsWith('/run-host.html')), { timeout: 15_000 })
    .toBe(true);
  return page.frames().find((f) => f.url().endsWith('/run-host.html'))!;
}

test('a run cannot read the app storage', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Airlock');
  // The app's own origin holds a secret in both stores.
  await page.evaluate(async () => {
    localStorage.setItem('airlock-test-secret', 'swordfish');
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('airlock-test-secret', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s').put('swordfish', 'k');
      open.onsuccess = () => resolve();
      open.onerror = () => reject(open.error);
    });
  });
  // Run a sample so the run host exists, then look from inside it.
  await page.getByRole('button', { name: 'Run' }).click();
  const host = await runHostFrame(page);
  expect(await host.evaluate(() => origin)).toBe('null');
  const fromHost = await host.evaluate(() => {
    const attempts: string[] = [];
    try {
      attempts.push(`localStorage: ${localStorage.getItem('airlock-test-secret')}`);
    } catch (e) {
      attempts.push(`localStorage denied: ${(e as Error).name}`);
    }
    try {
      indexedDB.open('airlock-test-secret');
      attempts.push('indexedDB opened');
    } catch (e) {
      attempts.push(`indexedDB denied: ${(e as Error).name}`);
    }
    return attempts;
  });
  expect(fromHost).toEqual([
    'localStorage denied: SecurityError',
    'indexedDB denied: SecurityError',
  ]);

  // A worker started by the host (as every run worker is) is just as locked out.
  const fromWorker = await host.evaluate(async () => {
    const source = `
      const out = [];
      try { indexedDB.open('airlock-test-secret'); out.push('indexedDB opened'); } catch (e) { out.push('indexedDB denied: ' + e.name); }
      try { new Function('return 1')(); out.push('eval allowed'); } catch (e) { out.push('eval blocked'); }
      postMessage(out);`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    return new Promise<string[]>((resolve) => {
      worker.onmessage = (e) => resolve(e.data as string[]);
      worker.onerror = () => resolve(['worker failed']);
    });
  });
  expect(fromWorker).toEqual(['indexedDB denied: SecurityError', 'eval blocked']);
});

test('the app runs under a CSP without inline script or remote origins', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toMatch(/unsafe-inline'[^;]*;.*script-src|script-src[^;]*unsafe-inline/);
  expect(csp).not.toMatch(/https?:\/\//);
  // (DevTools evaluation is exempt from CSP, so eval is probed inside the run worker above.)
  const inline = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inline).toBe(false);
  // Only the probe above may have violated the policy.
  expect(violations.filter((v) => !/eval|inline/i.test(v))).toEqual([]);
});
