/**
 * Manifest → a WASI-Virt command line. WASI-Virt wraps the component in a virtualization layer
 * that denies every subsystem unless allowed:
 *
 *   wasi-virt component.wasm --allow-exit --stdout=allow --stderr=allow --stdin=ignore \
 *     --allow-clocks --allow-random --allow-http -e NAME=value \
 *     --mount /data=./data --preopen /out=/out -o component.virt.wasm
 *
 * `--mount` embeds a local directory read-only at virtualization time (the seed files travel
 * inside the output); `--preopen GUEST=HOSTPREOPEN` passes a directory through to a preopen the
 * runtime provides (used for read-write mounts). Clocks, random and HTTP are all or nothing.
 */
import { normalizeGuestPath } from '../../manifest/guest-path';
import type { Manifest } from '../../manifest/schema';
import {
  hostDirFor,
  joinCommand,
  limitGaps,
  miscGaps,
  mockGap,
  monotonicClock,
  randomMode,
  setupScript,
  usesHttp,
  wallClock,
  type ExportOptions,
  type ExportResult,
} from './common';
import { shellQuote } from './shell';

export function exportWasiVirt(manifest: Manifest, options: ExportOptions = {}): ExportResult {
  const gaps: string[] = [];
  const component = options.component ?? 'component.wasm';
  const out = component.replace(/\.wasm$/i, '') + '.virt.wasm';
  const groups: string[][] = [['wasi-virt', shellQuote(component)]];

  // Airlock lets the guest exit with a code; WASI-Virt denies exit unless allowed.
  const stdio = ['--allow-exit'];
  stdio.push(`--stdout=${manifest.stdout === false ? 'deny' : 'allow'}`);
  stdio.push(`--stderr=${manifest.stderr === false ? 'deny' : 'allow'}`);
  const stdin = manifest.stdin;
  if (stdin === undefined) stdio.push('--stdin=ignore');
  else {
    stdio.push('--stdin=allow');
    if (typeof stdin === 'string')
      gaps.push(
        "stdin (text): WASI-Virt cannot embed it; the virtualized component reads the runtime's stdin, so pipe the text in when you run it.",
      );
  }
  groups.push(stdio);

  const grants: string[] = [];
  const wall = wallClock(manifest);
  const mono = monotonicClock(manifest);
  if (wall !== 'deny' || mono !== 'deny') {
    grants.push('--allow-clocks');
    if (wall === 'deny')
      gaps.push(
        'clocks.wall: WASI-Virt allows both clocks or neither; the wall clock the manifest denies is allowed.',
      );
    if (mono === 'deny')
      gaps.push(
        'clocks.monotonic: WASI-Virt allows both clocks or neither; the monotonic clock the manifest denies is allowed.',
      );
    if (wall.startsWith('frozen:'))
      gaps.push(
        `clocks.wall "${wall}": WASI-Virt has no frozen clock; the guest sees the real time.`,
      );
  }
  const random = randomMode(manifest);
  if (random !== 'deny') {
    grants.push('--allow-random');
    if (random === 'seed')
      gaps.push(
        'random { "seed": … }: WASI-Virt has no seeded random; every run gets different bytes.',
      );
  }
  if (usesHttp(manifest)) {
    grants.push('--allow-http');
    if ((manifest.http?.allow ?? []).length > 0)
      gaps.push(
        'http.allow: WASI-Virt allows or denies HTTP as a whole; it cannot limit requests to the listed origins.',
      );
  }
  if (grants.length) groups.push(grants);

  for (const [name, value] of Object.entries(manifest.env ?? {})) {
    if (name === '' || name.includes('=') || name.includes(',') || value.includes(',')) {
      gaps.push(
        `env "${name}": wasi-virt splits -e values at commas and names at "="; this variable cannot be passed and is left out.`,
      );
      continue;
    }
    groups.push(['-e', shellQuote(`${name}=${value}`)]);
  }

  (manifest.mounts ?? []).forEach((mount, i) => {
    const guest = normalizeGuestPath(mount.guest);
    if ((mount.access ?? 'read-only') === 'read-only') {
      groups.push(['--mount', shellQuote(`${guest}=./${hostDirFor(guest)}`)]);
    } else {
      groups.push(['--preopen', shellQuote(`${guest}=${guest}`)]);
      gaps.push(
        `mounts[${i}] "${guest}" is read-write: WASI-Virt only embeds read-only directories, so it is passed through to the runtime's preopen "${guest}" (e.g. wasmtime run --dir ./${hostDirFor(guest)}::${guest} ${out}); seed files must be put there.`,
      );
    }
  });
  groups.push(['-o', shellQuote(out)]);

  if ((manifest.args ?? []).length > 0)
    gaps.push(
      'args: WASI-Virt does not virtualize arguments; pass them to the runtime that runs the output.',
    );
  gaps.push(...mockGap(manifest, 'WASI-Virt'));
  gaps.push(...limitGaps(manifest, 'WASI-Virt', { timeout: false, memory: false }));
  gaps.push(...miscGaps(manifest, 'WASI-Virt', { cwd: true }));
  const setup = setupScript(manifest, options.files, gaps);
  return { text: joinCommand(groups), unsupported: gaps, setup };
}
