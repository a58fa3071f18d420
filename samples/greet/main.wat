;; greet: a component that is a library, not just a program.
;;
;; Written directly in the component model's text format. Besides the usual
;; `wasi:cli/run` entry point it exports two plain functions that the page (or
;; any other component) can call with typed arguments:
;;
;;   greet: func(name: string) -> string
;;   add:   func(a: s32, b: s32) -> s32
;;
;; Its only imports are stdout (for `run`): it cannot read a file, see the
;; environment, tell the time or touch the network, because nothing of the sort
;; is in its import list. Calling `greet` or `add` needs no capability at all.
(component
  ;; ---- imports: the component's entire authority -------------------------------
  (type $error-iface (instance
    (export "error" (type (sub resource)))))
  (import "wasi:io/error@0.2.12" (instance $io-error (type $error-iface)))
  (alias export $io-error "error" (type $error))

  (type $streams-iface (instance
    (export "output-stream" (type (sub resource)))
    (alias outer 1 $error (type))
    (export "error" (type (eq 1)))
    (type (own 2))
    (type (variant (case "last-operation-failed" 3) (case "closed")))
    (export "stream-error" (type (eq 4)))
    (type (borrow 0))
    (type (list u8))
    (type (result (error 5)))
    (type (func (param "self" 6) (param "contents" 7) (result 8)))
    (export "[method]output-stream.blocking-write-and-flush" (func (type 9)))))
  (import "wasi:io/streams@0.2.12" (instance $streams (type $streams-iface)))
  (alias export $streams "output-stream" (type $output-stream))

  (type $stdout-iface (instance
    (alias outer 1 $output-stream (type))
    (export "output-stream" (type (eq 0)))
    (type (own 1))
    (type (func (result 2)))
    (export "get-stdout" (func (type 3)))))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout (type $stdout-iface)))

  ;; ---- linear memory and a bump allocator, in their own core module -----------
  ;; (so that imports can be lowered against this memory before $main exists)
  (core module $Memory
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 4096))
    ;; cabi_realloc(old_ptr, old_size, align, new_size): the host uses it to pass strings in.
    (func $alloc (export "alloc") (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $heap))
      (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $size)) (i32.const 7)) (i32.const -8)))
      (if (i32.gt_u (global.get $heap) (i32.shl (memory.size) (i32.const 16)))
        (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16))) (i32.const 16)) (i32.const 1))))))
      (local.get $p))
    (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (call $alloc (local.get $size)))
      (if (local.get $old-size) (then (memory.copy (local.get $p) (local.get $old) (local.get $old-size))))
      (local.get $p))
    ;; Called after each export call returned its result: everything allocated is garbage now.
    (func (export "reset") (global.set $heap (i32.const 4096)))
    (func (export "post-return") (param i32) (global.set $heap (i32.const 4096))))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))
  (alias core export $memory "post-return" (core func $post-return))

  (alias export $stdout "get-stdout" (func $get-stdout))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (core func $get-stdout-lowered (canon lower (func $get-stdout)))
  (core func $write-lowered (canon lower (func $write) (memory $mem)))

  ;; ---- the program ---------------------------------------------------------------
  (core module $Main
    (import "memory" "memory" (memory 1))
    (import "memory" "alloc" (func $alloc (param i32) (result i32)))
    (import "memory" "reset" (func $reset))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))

    (data (i32.const 256) "Hello, ")
    (data (i32.const 272) "stranger")
    (data (i32.const 288) "!")
    (data (i32.const 304) "WASI")
    (data (i32.const 320) "greet(\"")
    (data (i32.const 336) "\") = \"")
    (data (i32.const 352) "\"\nadd(2, 40) = ")
    (data (i32.const 384) "\nThe page can call greet and add directly: they are exports, like run.\n")

    ;; greet(name) -> string. Returns a pointer to (ptr, len) of the result.
    (func $greet (export "greet") (param $name i32) (param $len i32) (result i32)
      (local $out i32) (local $n i32)
      (if (i32.eqz (local.get $len))
        (then (local.set $name (i32.const 272)) (local.set $len (i32.const 8))))
      (local.set $n (i32.add (local.get $len) (i32.const 8)))
      (local.set $out (call $alloc (local.get $n)))
      (memory.copy (local.get $out) (i32.const 256) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 33)) ;; '!'
      (i32.store (i32.const 8) (local.get $out))
      (i32.store (i32.const 12) (local.get $n))
      (i32.const 8))

    (func $add (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))

    (func $print (param $stdout i32) (param $ptr i32) (param $len i32)
      (call $write (local.get $stdout) (local.get $ptr) (local.get $len) (i32.const 16)))

    ;; Writes the decimal digits of a signed i32 to stdout.
    (func $print-int (param $stdout i32) (param $v i32)
      (local $p i32) (local $neg i32) (local $u i64)
      (local.set $p (i32.const 240))
      (local.set $neg (i32.lt_s (local.get $v) (i32.const 0)))
      (local.set $u (i64.extend_i32_s (local.get $v)))
      (if (local.get $neg) (then (local.set $u (i64.sub (i64.const 0) (local.get $u)))))
      (loop $digits
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $u) (i64.const 10)))))
        (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
        (br_if $digits (i64.ne (local.get $u) (i64.const 0))))
      (if (local.get $neg)
        (then (local.set $p (i32.sub (local.get $p) (i32.const 1))) (i32.store8 (local.get $p) (i32.const 45))))
      (call $print (local.get $stdout) (local.get $p) (i32.sub (i32.const 240) (local.get $p))))

    ;; run: calls its own exports and prints what they return.
    (func (export "run") (result i32)
      (local $stdout i32) (local $r i32)
      (local.set $stdout (call $get-stdout))
      (call $print (local.get $stdout) (i32.const 320) (i32.const 7))
      (call $print (local.get $stdout) (i32.const 304) (i32.const 4))
      (call $print (local.get $stdout) (i32.const 336) (i32.const 6))
      (local.set $r (call $greet (i32.const 304) (i32.const 4)))
      (call $print (local.get $stdout) (i32.load (local.get $r)) (i32.load offset=4 (local.get $r)))
      (call $print (local.get $stdout) (i32.const 352) (i32.const 15))
      (call $print-int (local.get $stdout) (call $add (i32.const 2) (i32.const 40)))
      (call $print (local.get $stdout) (i32.const 384) (i32.const 71))
      (call $reset)
      (i32.const 0)))

  (core instance $main (instantiate $Main
    (with "memory" (instance $memory))
    (with "wasi" (instance
      (export "get-stdout" (func $get-stdout-lowered))
      (export "write" (func $write-lowered))))))

  ;; ---- exports: lift the core functions to typed component functions ----------
  (func $greet (param "name" string) (result string)
    (canon lift (core func $main "greet") (memory $mem) (realloc $realloc) string-encoding=utf8 (post-return $post-return)))
  (export "greet" (func $greet))

  (func $add (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $main "add")))
  (export "add" (func $add))

  (func $run (result (result))
    (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance))
)
