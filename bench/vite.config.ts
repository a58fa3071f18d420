/**
 * The bench pages' own Vite build (`npm run bench` runs it): bench/pages/*.html, which import
 * product modules (RunClient and the workers it starts) directly. It inherits the product's
 * config (plugins included, so the run host is built exactly as for the app), and changes only
 * the root, the base (/bench/), the entries and the output directory
 * (node_modules/.cache/airlock-bench/pages, out of the linted tree).
 *
 * It also writes bench-headers.json: the response headers the product's preview server adds (the
 * run host's Content-Security-Policy, CORS), so the bench's static server sends the same.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type Plugin, type UserConfig } from 'vite';
import product from '../vite.config.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const outDir = path.join(root, 'node_modules/.cache/airlock-bench/pages');

type Middleware = (req: unknown, res: unknown, next: () => void) => void;

/**
 * The response headers the product's preview server sends for `paths`: its `preview.headers`
 * plus whatever its plugins' preview middlewares set (the run host's CSP). Read from the
 * plugins themselves, so the bench serves what the product serves.
 */
async function previewHeaders(
  config: UserConfig,
  paths: string[],
): Promise<Record<string, Record<string, string>>> {
  const middlewares: Middleware[] = [];
  const server = {
    middlewares: {
      use: (a: unknown, b?: unknown) => {
        const fn = typeof a === 'function' ? a : b;
        if (typeof fn === 'function') middlewares.push(fn as Middleware);
      },
    },
  };
  const plugins = [config.plugins ?? []].flat(Infinity as 1) as (Plugin | false | null)[];
  for (const plugin of plugins) {
    const hook = plugin ? plugin.configurePreviewServer : undefined;
    const fn = typeof hook === 'function' ? hook : hook ? hook.handler : undefined;
    try {
      const post = await (fn as ((s: unknown) => unknown) | undefined)?.call({}, server);
      if (typeof post === 'function') await (post as () => unknown)();
    } catch {
      // a plugin that needs a real server: its headers are not known
    }
  }
  const out: Record<string, Record<string, string>> = {};
  for (const url of paths) {
    const headers: Record<string, string> = { ...(config.preview?.headers ?? {}) } as Record<
      string,
      string
    >;
    const res = {
      setHeader: (k: string, v: unknown) => (headers[k.toLowerCase()] = String(v)),
      getHeader: (k: string) => headers[k.toLowerCase()],
    };
    for (const mw of middlewares) {
      try {
        mw({ url, method: 'GET', headers: {} }, res, () => undefined);
      } catch {
        // ignore
      }
    }
    out[url] = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  }
  return out;
}

function emitHeaders(config: UserConfig): Plugin {
  return {
    name: 'airlock-bench-headers',
    async generateBundle() {
      const paths = ['/', '/index.html', '/run-host.html', '/sw.js', '/assets/x.js'];
      this.emitFile({
        type: 'asset',
        fileName: 'bench-headers.json',
        source: JSON.stringify(await previewHeaders(config, paths), null, 2),
      });
    },
  };
}

export default defineConfig(async (env) => {
  const base = (
    typeof product === 'function' ? await (product as (e: typeof env) => unknown)(env) : product
  ) as UserConfig;
  const merged = mergeConfig(base, {
    root,
    base: '/bench/',
    publicDir: false,
    logLevel: 'warn',
    plugins: [emitHeaders(base)],
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 8192,
    },
  }) as UserConfig;
  // The bench pages replace the app's entries (the run host is added by the product's plugin).
  merged.build!.rollupOptions = {
    ...merged.build!.rollupOptions,
    input: { runtime: path.join(benchDir, 'pages/runtime.html') },
  };
  return merged;
});
