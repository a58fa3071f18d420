/**
 * Gates for `wasi:filesystem/types` and `wasi:filesystem/preopens`: each descriptor method's
 * path argument is resolved as the filesystem will resolve it, and src/policy judges the node
 * the call will touch (decideOpen, decideRead, decideMutation).
 */
import {
  decideMutation,
  decideOpen,
  decideRead,
  findMount,
  resolveAt,
  type MutationOp,
} from '../../../policy';
import type { CallSite, Gate, Gates, Ruling } from '../../intercept/interceptor';
import type { LastComponent } from '../../vfs/volume';
import { descriptorState } from '../filesystem';
import type { CallFacts } from '../../events';
import {
  byteLengthOf,
  fileBytesPassLimit,
  keptText,
  pathOf,
  ruling,
  type GateContext,
} from './context';

/** Descriptor methods that only read (the policy asks for a visible path). */
const READ_OPS = [
  'read',
  'read-via-stream',
  'read-directory',
  'stat',
  'stat-at',
  'readlink-at',
  'metadata-hash',
  'metadata-hash-at',
  'get-type',
  'get-flags',
  'is-same-object',
  'advise',
  'sync',
  'sync-data',
] as const;

/** Descriptor methods that change the tree or a file (the policy asks for a writable mount). */
const CHANGE_OPS: readonly (MutationOp | 'open-at')[] = [
  'open-at',
  'write',
  'set-size',
  'set-times',
  'write-via-stream',
  'append-via-stream',
  'create-directory-at',
  'set-times-at',
  'rename-at',
  'link-at',
  'symlink-at',
  'unlink-file-at',
  'remove-directory-at',
];

/** Calls that neither read nor change a file's contents (facts: `mutates: false`). */
const NEUTRAL_OPS: ReadonlySet<string> = new Set(['sync', 'sync-data', 'advise']);

type Target = { ok: true; path: string; physical?: boolean } | { ok: false; ruling: Ruling };

export function filesystemGates(ctx: GateContext): Gates {
  const { resolved, labels } = ctx;

  /** A symlink's target at a guest path (the policy follows links in the same tree). */
  const readlink = (guestPath: string): string | undefined => {
    const node = ctx.volume.nodeAtGuestPath(guestPath);
    return node?.kind === 'symlink' ? node.target : undefined;
  };

  /**
   * The mount index of a path, remembered: the same few paths (a descriptor's) come back call
   * after call. Bounded (a guest may name any number of paths); -1 for no mount.
   */
  const mountIndexes = new Map<string, number>();
  const mountIndexOf = (path: string): number => {
    let index = mountIndexes.get(path);
    if (index === undefined) {
      index = findMount(resolved, path)?.index ?? -1;
      if (mountIndexes.size >= 1024) mountIndexes.clear();
      mountIndexes.set(path, index);
    }
    return index;
  };

  /** What a filesystem call touches, for the event's `facts`. */
  const fsFacts = (path: string | undefined, mutates: boolean, target?: string): CallFacts => {
    const facts: CallFacts = { mutates };
    if (path !== undefined) {
      facts.path = path;
      const mount = mountIndexOf(path);
      if (mount >= 0) facts.mount = mount;
    }
    if (target !== undefined) facts.target = target;
    return facts;
  };

  /**
   * Resolves a descriptor-relative path argument to a guest path, or a denial. The path is
   * resolved as the filesystem will resolve it (symlinks in its directories followed, `..`
   * after a symlink taken physically), so the policy judges the node the call touches; a path
   * the filesystem cannot resolve is judged as written (the call then fails there).
   */
  const at = (
    site: CallSite,
    path: unknown,
    last: LastComponent = 'entry',
    self: object | undefined = site.self,
  ): Target => {
    const base = pathOf(ctx, self);
    if (!base) {
      return { ok: true, path: String(path) };
    }
    const r = resolveAt(base, String(path), resolved);
    if (!r.ok)
      return {
        ok: false,
        ruling: {
          verdict: 'denied',
          rule: 'default deny',
          error: r.error,
          reason: r.reason,
          facts: { path: `${base}/${String(path)}`, mutates: false },
        },
      };
    const state = descriptorState(self);
    if (state?.node.kind === 'dir') {
      const physical = ctx.volume.guestPathOf(state.node, state.top, String(path), last);
      if (physical !== undefined) return { ok: true, path: physical, physical: true };
      if (ctx.volume.escapes(state.node, state.top, String(path), last))
        return {
          ok: false,
          ruling: {
            verdict: 'denied',
            rule: 'default deny',
            error: 'not-permitted',
            reason: `${JSON.stringify(String(path))} leaves the directory ${base} (a \`..\` above it or a symlink to an absolute path): a descriptor reaches only what is below it`,
            facts: { path: r.path, mutates: false },
          },
        };
    }
    return r;
  };

  const lastOf = (pathFlags: unknown): LastComponent =>
    (pathFlags as { symlinkFollow?: boolean } | undefined)?.symlinkFollow ? 'follow' : 'no-follow';

  const labelResult =
    (path: string | undefined) =>
    (result: unknown): void => {
      if (path && result && typeof result === 'object') labels.set(result, path);
    };

  const openAt = (site: CallSite): Ruling => {
    const [pathFlags, path, openFlags, flags] = site.args as [
      { symlinkFollow?: boolean },
      string,
      { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean },
      { write?: boolean; mutateDirectory?: boolean },
    ];
    const target = at(site, path, lastOf(pathFlags));
    if (!target.ok) return target.ruling;
    // The policy judges the path the filesystem reaches (already resolved: its symlinks need no
    // second walk; a path the filesystem cannot resolve is followed here).
    const decision = decideOpen(
      resolved,
      {
        base: target.path,
        path: '.',
        create: !!openFlags?.create,
        truncate: !!openFlags?.truncate,
        exclusive: !!openFlags?.exclusive,
        directory: !!openFlags?.directory,
        write: !!flags?.write || !!flags?.mutateDirectory,
        followSymlinks: !!pathFlags?.symlinkFollow,
      },
      target.physical ? undefined : readlink,
    );
    const mutates = !!openFlags?.create || !!openFlags?.truncate || !!flags?.write;
    return ruling(decision, {
      after: labelResult(target.path),
      facts: fsFacts(target.path, mutates),
    });
  };

  /** rename-at(old, new-descriptor, new) and link-at(flags, old, new-descriptor, new). */
  const moveOrLink = (site: CallSite, op: 'rename-at' | 'link-at'): Ruling => {
    const [oldPath, newDescriptor, newPath] =
      op === 'rename-at' ? site.args : [site.args[1], site.args[2], site.args[3]];
    const from = at(site, oldPath);
    if (!from.ok) return from.ruling;
    const to: Target =
      newDescriptor && typeof newDescriptor === 'object'
        ? at(site, newPath, 'entry', newDescriptor)
        : { ok: true, path: String(newPath) };
    if (!to.ok) return to.ruling;
    return ruling(
      decideMutation(resolved, { op, guestPath: from.path, targetGuestPath: to.path }),
      { facts: fsFacts(from.path, true, to.path) },
    );
  };

  const fsGate = (op: string): Gate => {
    const isRead = (READ_OPS as readonly string[]).includes(op);
    return (site) => {
      switch (op) {
        case 'open-at':
          return openAt(site);
        case 'stat-at':
        case 'metadata-hash-at':
        case 'readlink-at': {
          const path = op === 'readlink-at' ? site.args[0] : site.args[1];
          const target = at(site, path, op === 'readlink-at' ? 'entry' : lastOf(site.args[0]));
          if (!target.ok) return target.ruling;
          return ruling(decideRead(resolved, { op, guestPath: target.path }), {
            facts: fsFacts(target.path, false),
          });
        }
        case 'read-via-stream':
        case 'write-via-stream':
        case 'append-via-stream': {
          const base = pathOf(ctx, site.self);
          const guestPath = base ?? '/';
          const reads = op === 'read-via-stream';
          const decision = reads
            ? decideRead(resolved, { op, guestPath })
            : decideMutation(resolved, { op, guestPath });
          return ruling(decision, { after: labelResult(base), facts: fsFacts(base, !reads) });
        }
        case 'create-directory-at':
        case 'unlink-file-at':
        case 'remove-directory-at':
        case 'set-times-at': {
          const target =
            op === 'set-times-at'
              ? at(site, site.args[1], lastOf(site.args[0]))
              : at(site, site.args[0]);
          if (!target.ok) return target.ruling;
          return ruling(decideMutation(resolved, { op, guestPath: target.path }), {
            facts: fsFacts(target.path, true),
          });
        }
        case 'symlink-at': {
          const target = at(site, site.args[1]);
          if (!target.ok) return target.ruling;
          const linkTarget = String(site.args[0]);
          return ruling(
            decideMutation(resolved, { op, guestPath: target.path, targetGuestPath: linkTarget }),
            { facts: fsFacts(target.path, true, keptText(linkTarget)) },
          );
        }
        case 'rename-at':
        case 'link-at':
          return moveOrLink(site, op);
        case 'write':
        case 'set-size': {
          // write(buffer, offset): the bytes the file may now hold (set-size adds a sparse gap).
          const full = op === 'write' ? fileBytesPassLimit(ctx, byteLengthOf(site)) : undefined;
          if (full) return full;
          const base = pathOf(ctx, site.self);
          return ruling(decideMutation(resolved, { op, guestPath: base ?? '/' }), {
            facts: fsFacts(base, true),
          });
        }
        default: {
          const base = pathOf(ctx, site.self);
          if (isRead)
            return ruling(decideRead(resolved, { op, guestPath: base ?? '/' }), {
              facts: fsFacts(base, false),
            });
          return ruling(
            decideMutation(resolved, { op: op as MutationOp, guestPath: base ?? '/' }),
            {
              facts: fsFacts(base, !NEUTRAL_OPS.has(op)),
            },
          );
        }
      }
    };
  };

  const types: Record<string, Gate> = {};
  for (const op of [...READ_OPS, ...CHANGE_OPS]) types[`[method]descriptor.${op}`] = fsGate(op);
  types['[method]directory-entry-stream.read-directory-entry'] = () => ({
    verdict: 'granted',
    rule: 'mount',
  });

  const preopens: Record<string, Gate> = {
    'get-directories': () => {
      if (resolved.mounts.length === 0) {
        return {
          verdict: 'denied',
          rule: 'default deny',
          error: '',
          reason: 'no mounts: the guest sees no directory at all',
          value: { value: [] },
        };
      }
      return {
        verdict: 'granted',
        rule: resolved.mounts.map((m) => `mounts[${m.index}] ${m.guest}`).join(', '),
        after: (result) => {
          for (const entry of result as [object, string][]) labels.set(entry[0], entry[1]);
        },
      };
    },
  };

  return { 'wasi:filesystem/types': types, 'wasi:filesystem/preopens': preopens };
}
