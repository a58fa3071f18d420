// A tiny static server for the benchmark: the production build of the app at `/`, the bench
// pages at `/bench/`. Serves `.wasm` as application/wasm, compresses like a typical static host
// (gzip for text and wasm when the client asks), and counts the bytes it sends.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.wasm',
  '.ttf',
  '.txt',
]);

/**
 * @param {{ mounts: { prefix: string, dir: string, spa?: boolean }[],
 *   headersFor?: (pathname: string) => Record<string, string> | undefined }} options
 *   mounts: longest prefix first; `spa` serves index.html for unknown paths. headersFor: the
 *   response headers the product's own server adds (see bench/vite.config.ts).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer({ mounts, headersFor = () => undefined }) {
  const gzipCache = new Map();
  /** Every response since the last reset: path, bytes on the wire (body + headers), time. */
  let log = [];
  let lastRequestAt = Date.now();
  const server = http.createServer((req, res) => {
    lastRequestAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const mount = mounts.find((m) => pathname.startsWith(m.prefix));
    if (!mount) {
      res.writeHead(404).end('not found');
      return;
    }
    let rel = pathname.slice(mount.prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    let file = path.resolve(mount.dir, rel);
    if (!file.startsWith(path.resolve(mount.dir))) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (mount.spa && !path.extname(rel)) file = path.join(mount.dir, 'index.html');
      else {
        res.writeHead(404).end('not found');
        return;
      }
    }
    const ext = path.extname(file);
    const headers = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      // Hashed build assets are immutable (as on any static host); pages are revalidated. Every
      // launch starts with an empty profile, so a cold load still downloads everything.
      'cache-control': rel.startsWith('assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      ...headersFor(pathname),
    };
    const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    let body;
    if (gzip) {
      const stat = fs.statSync(file);
      const key = `${file}:${stat.mtimeMs}:${stat.size}`;
      body = gzipCache.get(key);
      if (!body) {
        body = zlib.gzipSync(fs.readFileSync(file), { level: 6 });
        gzipCache.set(key, body);
      }
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    } else {
      body = fs.readFileSync(file);
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    const headerBytes = Object.entries(headers).reduce(
      (n, [k, v]) => n + k.length + String(v).length + 4,
      17,
    );
    log.push({
      path: pathname,
      type: ext.slice(1),
      bytes: body.length + headerBytes,
      at: Date.now(),
    });
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Responses since the last reset. */
    log: () => log.slice(),
    reset: () => {
      log = [];
    },
    /** Milliseconds since the last request arrived. */
    quietFor: () => Date.now() - lastRequestAt,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
