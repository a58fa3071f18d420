/**
 * The bench pages' own Vite build (`npm run bench` runs it): bench/pages/*.html, which import
 * product modules (RunClient and the workers it starts) directly, built to
 * node_modules/.cache/airlock-bench/pages (out of the linted tree) and served under /bench/. The product's run host page is built alongside, because RunClient loads
 * it from the base URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

const input: Record<string, string> = {
  runtime: path.join(benchDir, 'pages/runtime.html'),
};
const runHost = path.join(root, 'run-host.html');
if (fs.existsSync(runHost)) input.runHost = runHost;

export default defineConfig({
  root,
  base: '/bench/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    target: 'es2023',
    outDir: path.join(root, 'node_modules/.cache/airlock-bench/pages'),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 8192,
    rollupOptions: { input },
  },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@bytecodealliance/jco-transpile', '@bytecodealliance/preview2-shim'],
  },
  assetsInclude: ['**/*.wasm'],
});
