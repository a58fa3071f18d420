;; sockets: ask the host for raw network sockets.
;;
;; A core WebAssembly module written by hand against the canonical ABI of the
;; WIT world in world.wit (the build embeds that world and makes a component).
;; A C program built for WASI preview 1 cannot even ask for a socket: preview 1
;; has no call to create one. WASI 0.2 has `wasi:sockets`, and the host decides
;; whether to grant it. A browser has no raw sockets at all, so Airlock always
;; denies them: each call returns an error code and the program goes on.
(module
  ;; --- imports, named as the component model spells them ---
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get-stdout (result i32)))
  ;; (self, list ptr, list len, return area)
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write-and-flush (param i32 i32 i32 i32)))
  ;; (address family, return area). The return area holds result<own<socket>, error-code>:
  ;; byte 0 = 0 (ok) or 1 (err); at offset 4 the socket handle (i32) or the error code (u8).
  (import "wasi:sockets/tcp-create-socket@0.2.12" "create-tcp-socket"
    (func $create-tcp-socket (param i32 i32)))
  (import "wasi:sockets/udp-create-socket@0.2.12" "create-udp-socket"
    (func $create-udp-socket (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[resource-drop]tcp-socket" (func $drop-tcp (param i32)))
  (import "wasi:sockets/udp@0.2.12" "[resource-drop]udp-socket" (func $drop-udp (param i32)))

  (memory (export "memory") 1)
  (global $stdout (mut i32) (i32.const -1))

  ;; Memory map: 0..8 return area of create-*-socket, 16..28 return area of writes,
  ;; 64.. messages (NUL-terminated), 2048.. error-code names, 32 bytes each.
  (data (i32.const 64)  "Asking the host for a TCP socket (IPv4)... \00")
  (data (i32.const 128) "Asking the host for a TCP socket (IPv6)... \00")
  (data (i32.const 192) "Asking the host for a UDP socket (IPv4)... \00")
  (data (i32.const 256) "granted: got a socket handle.\n\00")
  (data (i32.const 320) "denied: \00")
  (data (i32.const 336) "\n\00")
  (data (i32.const 352) "No socket, no network: the program goes on and exits normally.\n\00")
  (data (i32.const 2048) "unknown\00")
  (data (i32.const 2080) "access-denied\00")
  (data (i32.const 2112) "not-supported\00")
  (data (i32.const 2144) "invalid-argument\00")
  (data (i32.const 2176) "out-of-memory\00")
  (data (i32.const 2208) "timeout\00")
  (data (i32.const 2240) "concurrency-conflict\00")
  (data (i32.const 2272) "not-in-progress\00")
  (data (i32.const 2304) "would-block\00")
  (data (i32.const 2336) "invalid-state\00")
  (data (i32.const 2368) "new-socket-limit\00")
  (data (i32.const 2400) "address-not-bindable\00")
  (data (i32.const 2432) "address-in-use\00")
  (data (i32.const 2464) "remote-unreachable\00")
  (data (i32.const 2496) "connection-refused\00")
  (data (i32.const 2528) "connection-reset\00")
  (data (i32.const 2560) "connection-aborted\00")
  (data (i32.const 2592) "datagram-too-large\00")
  (data (i32.const 2624) "name-unresolvable\00")
  (data (i32.const 2656) "temporary-resolver-failure\00")
  (data (i32.const 2688) "permanent-resolver-failure\00")

  ;; Writes the NUL-terminated string at $ptr to stdout.
  (func $puts (param $ptr i32)
    (local $end i32)
    (local.set $end (local.get $ptr))
    (block $done
      (loop $scan
        (br_if $done (i32.eqz (i32.load8_u (local.get $end))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $scan)))
    (if (i32.lt_s (global.get $stdout) (i32.const 0))
      (then (global.set $stdout (call $get-stdout))))
    ;; A failed write is ignored (there is nowhere else to report it).
    (call $write-and-flush (global.get $stdout) (local.get $ptr)
      (i32.sub (local.get $end) (local.get $ptr)) (i32.const 16)))

  ;; Prints the outcome held in the return area at 0; drops a socket if one was granted.
  (func $report (param $is-udp i32)
    (local $code i32)
    (if (i32.eqz (i32.load8_u (i32.const 0)))
      (then
        (call $puts (i32.const 256))
        (if (local.get $is-udp)
          (then (call $drop-udp (i32.load (i32.const 4))))
          (else (call $drop-tcp (i32.load (i32.const 4))))))
      (else
        (call $puts (i32.const 320))
        (local.set $code (i32.load8_u (i32.const 4)))
        (if (i32.gt_u (local.get $code) (i32.const 20)) (then (local.set $code (i32.const 0))))
        (call $puts (i32.add (i32.const 2048) (i32.shl (local.get $code) (i32.const 5))))
        (call $puts (i32.const 336)))))

  ;; wasi:cli/run.run: func() -> result. 0 means ok.
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (call $puts (i32.const 64))
    (call $create-tcp-socket (i32.const 0) (i32.const 0))   ;; ipv4
    (call $report (i32.const 0))
    (call $puts (i32.const 128))
    (call $create-tcp-socket (i32.const 1) (i32.const 0))   ;; ipv6
    (call $report (i32.const 0))
    (call $puts (i32.const 192))
    (call $create-udp-socket (i32.const 0) (i32.const 0))   ;; ipv4
    (call $report (i32.const 1))
    (call $puts (i32.const 352))
    (i32.const 0))
)
