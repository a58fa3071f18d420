import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Port for `vite preview` in end-to-end tests and benchmarks: unusual on purpose. */
export const PREVIEW_PORT = 41739;

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2023',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@bytecodealliance/jco-transpile', '@bytecodealliance/preview2-shim'],
  },
  assetsInclude: ['**/*.wasm'],
  server: { port: 5173 },
  preview: { port: PREVIEW_PORT, strictPort: true },
});
