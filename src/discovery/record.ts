/**
 * Record mode: run the guest with everything the browser can give, so that the trace shows what
 * it really reaches for. Nothing leaks: mounts are in-memory copies that vanish after the run,
 * and HTTP only answers from the manifest's mocks (every other request is denied, but its URL
 * is in the trace).
 */
import type { Manifest } from '../manifest/schema';

function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * The manifest for a recording run, from the person's manifest:
 * - every mount read-write (same order, same seed files: rules in the trace keep their indexes);
 * - the wall clock granted (a frozen instant kept), the monotonic clock granted;
 * - random granted (a seed kept), so the record is deterministic when the manifest was;
 * - args, env, cwd, stdin, limits and sockets as written; stdout and stderr open;
 * - http: the mocks as written, no allowed origin (requests are recorded, then denied);
 * - onDenied "error", so that one denial does not end the recording.
 */
export function recordingManifest(manifest: Manifest): Manifest {
  const out: Manifest = copy(manifest);
  if (manifest.mounts)
    out.mounts = manifest.mounts.map((mount) => ({ ...copy(mount), access: 'read-write' }));
  const wall = manifest.clocks?.wall;
  out.clocks = {
    wall: wall !== undefined && wall.startsWith('frozen:') ? wall : 'real',
    monotonic: 'real',
  };
  out.random = typeof manifest.random === 'object' ? { ...manifest.random } : 'real';
  delete out.stdout;
  delete out.stderr;
  const mock = manifest.http?.mock;
  if (mock && Object.keys(mock).length > 0) out.http = { mock: copy(mock) };
  else delete out.http;
  out.onDenied = 'error';
  return out;
}
