;; http: outbound HTTP requests through wasi:http/outgoing-handler.
;;
;; A core WebAssembly module written by hand against the canonical ABI of the
;; WIT world in world.wit (the build embeds that world and makes a component).
;; It sends three GET requests and prints, for each, the status and body or the
;; error code it got back. Which origins it may reach is the manifest's `http`
;; section; a `mock` answers a URL without any network.
(module
  ;; ---- imports, named as the component model spells them ----
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get-stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write-and-flush (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[method]input-stream.blocking-read"
    (func $blocking-read (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]input-stream" (func $drop-input-stream (param i32)))
  (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $block (param i32)))
  (import "wasi:io/poll@0.2.12" "[resource-drop]pollable" (func $drop-pollable (param i32)))
  (import "wasi:http/types@0.2.12" "[constructor]fields" (func $fields-new (result i32)))
  (import "wasi:http/types@0.2.12" "[constructor]outgoing-request" (func $request-new (param i32) (result i32)))
  ;; (self, option disc, scheme disc, other-ptr, other-len) -> result
  (import "wasi:http/types@0.2.12" "[method]outgoing-request.set-scheme"
    (func $set-scheme (param i32 i32 i32 i32 i32) (result i32)))
  ;; (self, option disc, ptr, len) -> result
  (import "wasi:http/types@0.2.12" "[method]outgoing-request.set-authority"
    (func $set-authority (param i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-request.set-path-with-query"
    (func $set-path (param i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-incoming-response.subscribe"
    (func $future-subscribe (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-incoming-response.get"
    (func $future-get (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-response.status" (func $status (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-response.consume" (func $consume (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-body.stream" (func $body-stream (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]future-incoming-response" (func $drop-future (param i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]incoming-response" (func $drop-response (param i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]incoming-body" (func $drop-body (param i32)))
  ;; (request, option disc, options handle, return area)
  ;; return area: result<own<future-incoming-response>, error-code>:
  ;;   byte 0 = 0 ok / 1 err; at 8 the future's handle, or the error-code case (u8).
  (import "wasi:http/outgoing-handler@0.2.12" "handle" (func $handle (param i32 i32 i32 i32)))

  ;; Memory map:
  ;;   0..64     return area of handle and future.get
  ;;   64..80    return area of consume and stream
  ;;   80..96    return area of blocking-read
  ;;   96..112   return area of writes
  ;;   112..128  digits of a number
  ;;   256..     text (NUL-terminated)
  ;;   2048..    error-code case names, 48 bytes each
  ;;   8192..    heap: the host allocates response bytes here (cabi_realloc)
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 8192))
  (global $stdout (mut i32) (i32.const -1))

  (data (i32.const 256) "GET https://\00")
  (data (i32.const 272) " -> \00")
  (data (i32.const 288) "\n\00")
  (data (i32.const 304) "error: \00")
  (data (i32.const 320) "status \00")
  (data (i32.const 336) "no response\n\00")

  ;; The three requests: authority and path-with-query.
  (data (i32.const 384) "api.example.com\00")
  (data (i32.const 416) "/hello\00")
  (data (i32.const 448) "weather.example.org\00")
  (data (i32.const 480) "/today?city=Paris\00")
  (data (i32.const 512) "tracker.example.net\00")
  (data (i32.const 544) "/collect?user=ada\00")
  (data (i32.const 2048) "DNS-timeout\00")
  (data (i32.const 2096) "DNS-error\00")
  (data (i32.const 2144) "destination-not-found\00")
  (data (i32.const 2192) "destination-unavailable\00")
  (data (i32.const 2240) "destination-IP-prohibited\00")
  (data (i32.const 2288) "destination-IP-unroutable\00")
  (data (i32.const 2336) "connection-refused\00")
  (data (i32.const 2384) "connection-terminated\00")
  (data (i32.const 2432) "connection-timeout\00")
  (data (i32.const 2480) "connection-read-timeout\00")
  (data (i32.const 2528) "connection-write-timeout\00")
  (data (i32.const 2576) "connection-limit-reached\00")
  (data (i32.const 2624) "TLS-protocol-error\00")
  (data (i32.const 2672) "TLS-certificate-error\00")
  (data (i32.const 2720) "TLS-alert-received\00")
  (data (i32.const 2768) "HTTP-request-denied\00")
  (data (i32.const 2816) "HTTP-request-length-required\00")
  (data (i32.const 2864) "HTTP-request-body-size\00")
  (data (i32.const 2912) "HTTP-request-method-invalid\00")
  (data (i32.const 2960) "HTTP-request-URI-invalid\00")
  (data (i32.const 3008) "HTTP-request-URI-too-long\00")
  (data (i32.const 3056) "HTTP-request-header-section-size\00")
  (data (i32.const 3104) "HTTP-request-header-size\00")
  (data (i32.const 3152) "HTTP-request-trailer-section-size\00")
  (data (i32.const 3200) "HTTP-request-trailer-size\00")
  (data (i32.const 3248) "HTTP-response-incomplete\00")
  (data (i32.const 3296) "HTTP-response-header-section-size\00")
  (data (i32.const 3344) "HTTP-response-header-size\00")
  (data (i32.const 3392) "HTTP-response-body-size\00")
  (data (i32.const 3440) "HTTP-response-trailer-section-size\00")
  (data (i32.const 3488) "HTTP-response-trailer-size\00")
  (data (i32.const 3536) "HTTP-response-transfer-coding\00")
  (data (i32.const 3584) "HTTP-response-content-coding\00")
  (data (i32.const 3632) "HTTP-response-timeout\00")
  (data (i32.const 3680) "HTTP-upgrade-failed\00")
  (data (i32.const 3728) "HTTP-protocol-error\00")
  (data (i32.const 3776) "loop-detected\00")
  (data (i32.const 3824) "configuration-error\00")
  (data (i32.const 3872) "internal-error\00")

  ;; cabi_realloc: a bump allocator. The host calls it to hand over lists and strings.
  (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $heap) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.lt_s (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16))) (i32.const 16)) (i32.const 1))) (i32.const 0))
          (then unreachable))))
    (if (local.get $old-size) (then (memory.copy (local.get $p) (local.get $old) (local.get $old-size))))
    (local.get $p))

  (func $strlen (param $p i32) (result i32)
    (local $e i32)
    (local.set $e (local.get $p))
    (block $done
      (loop $scan
        (br_if $done (i32.eqz (i32.load8_u (local.get $e))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $scan)))
    (i32.sub (local.get $e) (local.get $p)))

  (func $write (param $ptr i32) (param $len i32)
    (if (i32.lt_s (global.get $stdout) (i32.const 0))
      (then (global.set $stdout (call $get-stdout))))
    (if (local.get $len)
      (then (call $write-and-flush (global.get $stdout) (local.get $ptr) (local.get $len) (i32.const 96)))))

  (func $puts (param $p i32)
    (call $write (local.get $p) (call $strlen (local.get $p))))

  (func $put-int (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 128))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (call $write (local.get $p) (i32.sub (i32.const 128) (local.get $p))))

  (func $put-error (param $code i32)
    (if (i32.gt_u (local.get $code) (i32.const 38)) (then (local.set $code (i32.const 38))))
    (call $puts (i32.const 304))
    (call $puts (i32.add (i32.const 2048) (i32.mul (local.get $code) (i32.const 48))))
    (call $puts (i32.const 288)))

  ;; GET https://<authority><path>, then print the outcome.
  (func $get (param $authority i32) (param $path i32)
    (local $request i32) (local $future i32) (local $pollable i32)
    (local $response i32) (local $body i32) (local $stream i32)
    (call $puts (i32.const 256))
    (call $puts (local.get $authority))
    (call $puts (local.get $path))
    (call $puts (i32.const 272))

    (local.set $request (call $request-new (call $fields-new)))
    (drop (call $set-scheme (local.get $request) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 0))) ;; some(HTTPS)
    (drop (call $set-authority (local.get $request) (i32.const 1) (local.get $authority) (call $strlen (local.get $authority))))
    (drop (call $set-path (local.get $request) (i32.const 1) (local.get $path) (call $strlen (local.get $path))))

    ;; The request is handed over (own); no options.
    (call $handle (local.get $request) (i32.const 0) (i32.const 0) (i32.const 0))
    (if (i32.load8_u (i32.const 0))
      (then (call $put-error (i32.load8_u (i32.const 8))) (return)))
    (local.set $future (i32.load (i32.const 8)))

    ;; Wait for the response.
    (local.set $pollable (call $future-subscribe (local.get $future)))
    (call $block (local.get $pollable))
    (call $drop-pollable (local.get $pollable))

    ;; option<result<result<own<incoming-response>, error-code>>>:
    ;; byte 0 some?; byte 8 outer result; byte 16 inner result; at 24 the response or error case.
    (call $future-get (local.get $future) (i32.const 0))
    (block $done
      (if (i32.eqz (i32.load8_u (i32.const 0)))
        (then (call $puts (i32.const 336)) (br $done)))
      (if (i32.load8_u (i32.const 8))
        (then (call $puts (i32.const 336)) (br $done)))
      (if (i32.load8_u (i32.const 16))
        (then (call $put-error (i32.load8_u (i32.const 24))) (br $done)))
      (local.set $response (i32.load (i32.const 24)))

      (call $puts (i32.const 320))
      (call $put-int (call $status (local.get $response)))
      (call $puts (i32.const 288))

      ;; result<own<incoming-body>>: byte 64 ok?, handle at 68. Same shape for the stream.
      (call $consume (local.get $response) (i32.const 64))
      (if (i32.eqz (i32.load8_u (i32.const 64)))
        (then
          (local.set $body (i32.load (i32.const 68)))
          (call $body-stream (local.get $body) (i32.const 64))
          (if (i32.eqz (i32.load8_u (i32.const 64)))
            (then
              (local.set $stream (i32.load (i32.const 68)))
              ;; result<list<u8>, stream-error>: byte 80 ok?, list at 84 (ptr) and 88 (len).
              (block $eof
                (loop $read
                  (call $blocking-read (local.get $stream) (i64.const 4096) (i32.const 80))
                  (br_if $eof (i32.load8_u (i32.const 80)))
                  (call $write (i32.load (i32.const 84)) (i32.load (i32.const 88)))
                  (global.set $heap (i32.const 8192))
                  (br $read)))
              (call $drop-input-stream (local.get $stream))))
          (call $drop-body (local.get $body))))
      (call $drop-response (local.get $response)))
    (call $drop-future (local.get $future))
    (global.set $heap (i32.const 8192)))

  ;; wasi:cli/run.run: func() -> result. 0 means ok.
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (call $get (i32.const 384) (i32.const 416))
    (call $get (i32.const 448) (i32.const 480))
    (call $get (i32.const 512) (i32.const 544))
    (i32.const 0))
)
