import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offline } from './build/offline-plugin.ts';
import { runHost } from './build/run-host-plugin.ts';
import { prebuiltSamples } from './build/prebuilt-samples-plugin.ts';

/** Port for `vite preview` in end-to-end tests and benchmarks: unusual on purpose. */
export const PREVIEW_PORT = 41739;

/** Lets the sandboxed run host (origin "null") load the app's own public scripts. */
const corsForSandbox = { 'Access-Control-Allow-Origin': '*' };

/**
 * The app's Content-Security-Policy: no inline script, no remote origin, no eval (WebAssembly
 * compilation only). Added to the built page only: the dev server injects an inline script for
 * React refresh. The run host (run-host.html) carries its own, stricter policy.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Sounds a run wrote, played from the Files tab (blob: URLs the page itself makes).
  "media-src 'self' blob:",
  "font-src 'self' data:",
  // http: and https: for granted HTTP only: the page does it for the guest, after deciding
  // again (src/runtime/browser/http-relay.ts); the run host itself has connect-src 'none'.
  "connect-src 'self' data: blob: http: https:",
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'airlock-csp',
    apply: 'build',
    transformIndexHtml(html, ctx) {
      if (!ctx.filename.endsWith('index.html')) return html;
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${APP_CSP}" />`,
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), prebuiltSamples(), runHost(), offline()],
  build: {
    target: 'es2023',
    rollupOptions: {
      // The app. The run host its iframe loads (run-host.html) is built as one self-contained
      // file by build/run-host-plugin.ts.
      input: { main: 'index.html' },
    },
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@bytecodealliance/jco-transpile', '@bytecodealliance/preview2-shim'],
  },
  assetsInclude: ['**/*.wasm'],
  // The run host has an opaque origin (sandboxed iframe): its module scripts are CORS requests.
  server: { port: 5173, headers: corsForSandbox },
  preview: { port: PREVIEW_PORT, strictPort: true, headers: corsForSandbox },
});
