/**
 * The run host (run-host.html) is where guests run: a document with an opaque origin, so a run
 * cannot read the app's storage. Its isolation comes from a `Content-Security-Policy: sandbox
 * allow-scripts` response header rather than an iframe attribute, because a sandboxed iframe's
 * navigation bypasses the service worker and would not load offline; a header works both from the
 * server and from the service worker's cache.
 *
 * - dev and preview servers: add the header to /run-host.html;
 * - build: run-host.html is built as ONE self-contained file (scripts inline, the run worker as
 *   an inline string), since the opaque-origin document's own requests bypass the service worker
 *   too. The service worker adds the same header when it serves it (build/offline-plugin.ts).
 */
import { build, type Connect, type Plugin, type Rollup } from 'vite';

type OutputAsset = Rollup.OutputAsset;
type OutputChunk = Rollup.OutputChunk;

/**
 * The policy of the run host: sandboxed (opaque origin), scripts only from itself or blobs, and
 * no network at all. Guests and their generated bindings run here; granted HTTP is done by the
 * page after it decides again (src/runtime/browser/http-relay.ts).
 */
export const RUN_HOST_CSP = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline' blob: 'wasm-unsafe-eval'",
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const addHostHeader: Connect.NextHandleFunction = (req, res, next) => {
  if (req.url && new URL(req.url, 'http://x').pathname.endsWith('/run-host.html')) {
    res.setHeader('Content-Security-Policy', RUN_HOST_CSP);
  }
  next();
};

/** Builds run-host.html with every script inlined: no request leaves the document. */
async function buildSingleFileHost(root: string): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: {
      write: false,
      target: 'es2023',
      modulePreload: false,
      assetsInlineLimit: Number.MAX_SAFE_INTEGER,
      rollupOptions: { input: 'run-host.html', output: { codeSplitting: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) =>
    'output' in r ? r.output : [],
  );
  const html = outputs.find(
    (o): o is OutputAsset => o.type === 'asset' && o.fileName.endsWith('run-host.html'),
  );
  const chunks = outputs.filter((o): o is OutputChunk => o.type === 'chunk');
  if (!html || chunks.length !== 1) {
    throw new Error(
      `run host build: expected one HTML file and one chunk, got ${outputs.map((o) => o.fileName).join(', ')}`,
    );
  }
  const code = chunks[0]!.code.replace(/<\/script/gi, '<\\/script');
  const source =
    typeof html.source === 'string' ? html.source : new TextDecoder().decode(html.source);
  const withoutExternal = source.replace(
    /<script type="module"[^>]*src="[^"]*"[^>]*><\/script>/,
    '',
  );
  // A replacer function: the code may contain `$&` or `$'`, which a replacement string would expand.
  return withoutExternal.replace(
    '</body>',
    () => `<script type="module">${code}</script>\n  </body>`,
  );
}

export function runHost(): Plugin {
  let root = process.cwd();
  let isSubBuild = false;
  return {
    name: 'airlock-run-host',
    configResolved(config) {
      root = config.root;
      isSubBuild = !config.configFile;
    },
    configureServer(server) {
      server.middlewares.use(addHostHeader);
    },
    configurePreviewServer(server) {
      server.middlewares.use(addHostHeader);
    },
    async generateBundle(_options, bundle) {
      if (isSubBuild) return;
      const html = await buildSingleFileHost(root);
      for (const [name, output] of Object.entries(bundle)) {
        if (name === 'run-host.html' || (output.type === 'chunk' && output.name === 'runHost'))
          delete bundle[name];
      }
      this.emitFile({ type: 'asset', fileName: 'run-host.html', source: html });
    },
  };
}
