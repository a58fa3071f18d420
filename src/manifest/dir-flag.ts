/**
 * The one reading of a `--dir` value, for `airlock run` (src/cli/args.ts) and for the wasmtime
 * command importer (src/share/export/import-wasmtime.ts): `HOST[::GUEST[::ro]]`, as
 * `wasmtime run --dir` reads `HOST[::GUEST]`, plus the read-only suffix that airlock run and
 * jco accept (`ro`, `readonly` or `read-only`, only as a third part: `./data::ro` mounts
 * `./data` as the guest directory `ro`, as under wasmtime).
 *
 * The guest name is kept exactly as given (`fs-tests.dir`, `.`, `/data`): the guest sees its
 * preopen under that name, as under wasmtime; the policy reads a relative name as a path from
 * `/` (`guestPathOf`).
 */
import { normalizeGuestPath } from './guest-path';

export interface DirFlag {
  host: string;
  /** The preopen name exactly as given (`fs-tests.dir`, `.`, `/data`). */
  guest: string;
  readOnly: boolean;
}

const READ_ONLY = /^(ro|readonly|read-only)$/;

/** A `--dir` value, or the reason it is not one. */
export function parseDirFlag(value: string): DirFlag | { error: string } {
  const parts = value.split('::');
  let readOnly = false;
  if (parts.length === 3 && READ_ONLY.test(parts[2]!)) {
    readOnly = true;
    parts.pop();
  }
  if (parts.length > 2) return { error: `--dir ${value}: expected HOST[::GUEST[::ro]]` };
  const host = parts[0]!;
  const guest = parts[1] ?? host;
  if (host === '') return { error: `--dir ${value}: the host directory is missing` };
  if (guest === '') return { error: `--dir ${value}: the guest name is missing` };
  if (guest.includes('\0')) return { error: `--dir: the guest name has a NUL character` };
  return { host, guest, readOnly };
}

/** The absolute guest path the policy reads a preopen name as (`fs-tests.dir` → `/fs-tests.dir`, `.` → `/`). */
export function guestPathOf(guest: string): string {
  return normalizeGuestPath(guest.startsWith('/') ? guest : `/${guest}`);
}
