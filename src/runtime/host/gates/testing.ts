/**
 * For the gate modules' tests: a run's gate context over a real volume and Airlock's own
 * filesystem (descriptors as the guest gets them), and one call through a gate.
 */
import type { Manifest } from '../../../manifest/schema';
import { resolveManifest } from '../../../manifest/resolve';
import type { CallSite, Gates, Ruling } from '../../intercept/interceptor';
import { loadBrowserShim } from '../../node/shim';
import { buildMountTree } from '../../vfs/tree';
import { Volume } from '../../vfs/volume';
import { createFilesystem, type Descriptor } from '../filesystem';
import type { Timers } from '../timers';
import { buildGates } from '.';
import type { GateContext } from './context';

export interface GateSetup {
  ctx: GateContext;
  gates: Gates;
  /** The preopened directories, labelled by the preopens gate as a run labels them. */
  dirs: Descriptor[];
}

export async function gateSetup(manifest: Manifest, options: { jspi?: boolean } = {}) {
  const shim = await loadBrowserShim();
  const resolved = resolveManifest(manifest);
  const volume = new Volume(resolved.limits.maxMemoryMiB * 1024 * 1024);
  for (const mount of resolved.mounts)
    volume.seed(volume.mountAt(mount.guest), buildMountTree(mount.files));
  const fs = createFilesystem(volume, resolved.mounts, shim.io);
  const ctx: GateContext = {
    resolved,
    volume,
    labels: new WeakMap(),
    meter: { total: 0, limit: resolved.limits.maxOutputBytes },
    timers: {} as Timers,
    jspi: options.jspi ?? true,
  };
  const gates = buildGates(ctx);
  const preopened = (fs.preopens.getDirectories as () => [Descriptor, string][])();
  const ruling = decide(gates, 'wasi:filesystem/preopens', 'get-directories');
  if (ruling.verdict === 'granted') ruling.after?.(preopened);
  return { ctx, gates, dirs: preopened.map(([d]) => d) } satisfies GateSetup;
}

/** The ruling of the gate for `iface`/`fn` (or the interface's `*` gate) on one call. */
export function decide(
  gates: Gates,
  iface: string,
  fn: string,
  self?: object,
  ...args: unknown[]
): Ruling {
  const gate = gates[iface]?.[fn] ?? gates[iface]?.['*'];
  if (!gate) throw new Error(`no gate for ${iface} ${fn}`);
  const site: CallSite = { iface, fn, self, args };
  return gate(site);
}
