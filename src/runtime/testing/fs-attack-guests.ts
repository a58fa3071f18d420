/**
 * The red-team's attacks on the filesystem (issue 14), as preview1 guests built from WAT at test
 * time. fd 3 is the first mount, fd 4 the second. Test helper only.
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { watString } from './red-team-guests';

const P1 = 'wasi_snapshot_preview1';
const IMPORTS = `
  (import "${P1}" "path_symlink" (func $symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "${P1}" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "${P1}" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))
  (import "${P1}" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "${P1}" "fd_pwrite" (func $pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "${P1}" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)`;

/** Writes memory[ptr..ptr+len] to fd (one iovec at 8192). */
const WRITE_FN = `
  (func $out (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 8192) (local.get $ptr))
    (i32.store (i32.const 8196) (local.get $len))
    (drop (call $write (local.get $fd) (i32.const 8192) (i32.const 1) (i32.const 8200))))
  ;; Opens path (ptr, len) under dirfd with oflags and lookup flags; the fd, or -1.
  ;; Read-only when oflags is 0 (rights: fd_read), else every right.
  (func $openat (param $dir i32) (param $look i32) (param $ptr i32) (param $len i32) (param $oflags i32) (result i32)
    (local $rights i64)
    (local.set $rights (select (i64.const 2) (i64.const -1) (i32.eqz (local.get $oflags))))
    (if (result i32) (i32.eqz (call $open (local.get $dir) (local.get $look) (local.get $ptr) (local.get $len)
          (local.get $oflags) (local.get $rights) (local.get $rights) (i32.const 0) (i32.const 8208)))
      (then (i32.load (i32.const 8208)))
      (else (i32.const -1))))
  ;; Prints the first 100 bytes of the file (ptr, len) under dirfd to stdout.
  (func $cat (param $dir i32) (param $ptr i32) (param $len i32) (local $fd i32)
    (local.set $fd (call $openat (local.get $dir) (i32.const 0) (local.get $ptr) (local.get $len) (i32.const 0)))
    (if (i32.ge_s (local.get $fd) (i32.const 0))
      (then
        (i32.store (i32.const 8192) (i32.const 12288))
        (i32.store (i32.const 8196) (i32.const 100))
        (drop (call $read (local.get $fd) (i32.const 8192) (i32.const 1) (i32.const 8200)))
        (call $out (i32.const 1) (i32.const 12288) (i32.load (i32.const 8200))))))`;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * Nested mounts: through the read-only outer mount (fd 3), make `inner` (the read-write inner
 * mount), a symlink `inner/lnk -> ../victim.txt`, open it with create+truncate and write PWNED;
 * then print victim.txt.
 */
export function nestedMountEscapeModule(inner = 'sub'): Promise<Uint8Array> {
  const target = '../victim.txt';
  const link = `${inner}/lnk`;
  return parse(`(module ${IMPORTS}
  (data (i32.const 100) ${watString(target)})
  (data (i32.const 200) ${watString(link)})
  (data (i32.const 300) "PWNED")
  (data (i32.const 400) "victim.txt")
  (data (i32.const 500) ${watString(inner)})
  ${WRITE_FN}
  (func (export "_start") (local $fd i32)
    (drop (call $mkdir (i32.const 3) (i32.const 500) (i32.const ${bytes(inner)})))
    (drop (call $symlink (i32.const 100) (i32.const ${bytes(target)}) (i32.const 3) (i32.const 200) (i32.const ${bytes(link)})))
    (local.set $fd (call $openat (i32.const 3) (i32.const 1) (i32.const 200) (i32.const ${bytes(link)}) (i32.const 9)))
    (if (i32.ge_s (local.get $fd) (i32.const 0))
      (then (call $out (local.get $fd) (i32.const 300) (i32.const 5))))
    (call $cat (i32.const 3) (i32.const 400) (i32.const 10))))`);
}

/** `count` one-byte writes at `offset` into a new file `sparse` in fd 3. */
export function sparseWritesModule(count: number, offset: number): Promise<Uint8Array> {
  return parse(`(module ${IMPORTS}
  (data (i32.const 100) "sparse")
  (data (i32.const 200) "x")
  ${WRITE_FN}
  (func (export "_start") (local $fd i32) (local $i i32)
    (local.set $fd (call $openat (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 6) (i32.const 1)))
    (i32.store (i32.const 1024) (i32.const 200))
    (i32.store (i32.const 1028) (i32.const 1))
    (loop $again
      (drop (call $pwrite (local.get $fd) (i32.const 1024) (i32.const 1) (i64.const ${offset}) (i32.const 1040)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const ${count}))))))`);
}

/**
 * `count` symlinks `l00000`, `l00001`, … in fd 3, each with a `targetBytes`-byte target; prints
 * how many were made (as five digits).
 */
export function symlinkFloodModule(count: number, targetBytes: number): Promise<Uint8Array> {
  return parse(`(module ${IMPORTS}
  (data (i32.const 100) "l00000")
  ${WRITE_FN}
  (func $digits (param $at i32) (param $n i32) (local $k i32)
    (local.set $k (i32.const 4))
    (loop $d
      (i32.store8 (i32.add (local.get $at) (local.get $k))
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $d (i32.ge_s (local.get $k) (i32.const 0)))))
  (func (export "_start") (local $i i32) (local $made i32)
    (memory.fill (i32.const 16384) (i32.const 116) (i32.const ${targetBytes}))
    (loop $again
      (call $digits (i32.const 101) (local.get $i))
      (if (i32.eqz (call $symlink (i32.const 16384) (i32.const ${targetBytes}) (i32.const 3) (i32.const 100) (i32.const 6)))
        (then (local.set $made (i32.add (local.get $made) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const ${count}))))
    (call $digits (i32.const 101) (local.get $made))
    (call $out (i32.const 1) (i32.const 101) (i32.const 5))))`);
}

/** Creates `__proto__` in fd 3 with create+truncate, writes POLLUTED, then prints `source`. */
export function protoFileModule(): Promise<Uint8Array> {
  return parse(`(module ${IMPORTS}
  (data (i32.const 100) "__proto__")
  (data (i32.const 200) "POLLUTED")
  (data (i32.const 300) "source")
  ${WRITE_FN}
  (func (export "_start") (local $fd i32)
    (local.set $fd (call $openat (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9) (i32.const 9)))
    (if (i32.ge_s (local.get $fd) (i32.const 0))
      (then (call $out (local.get $fd) (i32.const 200) (i32.const 8))))
    (call $cat (i32.const 3) (i32.const 300) (i32.const 6))))`);
}

/** Prints the names of the preopens fd 3 and up, one per line (what fd_prestat_dir_name says). */
export function preopenNamesModule(): Promise<Uint8Array> {
  return parse(`(module
  (import "${P1}" "fd_prestat_get" (func $get (param i32 i32) (result i32)))
  (import "${P1}" "fd_prestat_dir_name" (func $name (param i32 i32 i32) (result i32)))
  (import "${P1}" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 90) "\\n")
  (func $out (param $ptr i32) (param $len i32)
    (i32.store (i32.const 8192) (local.get $ptr))
    (i32.store (i32.const 8196) (local.get $len))
    (drop (call $write (i32.const 1) (i32.const 8192) (i32.const 1) (i32.const 8200))))
  (func (export "_start") (local $fd i32) (local $len i32)
    (local.set $fd (i32.const 3))
    (block $done
      (loop $next
        (br_if $done (i32.ne (call $get (local.get $fd) (i32.const 100)) (i32.const 0)))
        (local.set $len (i32.load (i32.const 104)))
        (drop (call $name (local.get $fd) (i32.const 1024) (local.get $len)))
        (call $out (i32.const 1024) (local.get $len))
        (call $out (i32.const 90) (i32.const 1))
        (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
        (br $next)))))`);
}
