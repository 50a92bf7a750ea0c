;; The bulk scanner's pass over a file's bytes: where its needles (rule
;; keywords and the generic detector's name fragments) occur, in any letter
;; case or, for keywords that match case, as written. needle-filter.ts fills
;; the tables and reads the answer.
;;
;; Each needle is looked for by one window of it: three bytes, chosen to be
;; rare in ordinary text (`e_a` of `service_account`, not `ser`), or the whole
;; needle when it has two. One unaligned 64-bit load gives the three bytes at
;; a position and at the next three. The slot table is a Bloom filter of the windows
;; (in every letter case, or as written), blocked by byte: a multiplicative
;; hash of a position's bytes picks a byte of it, most of them 0, so most
;; positions cost one load and a branch, and a second hash picks a bit of that
;; byte. The few positions that get past both look their folded bytes up in a
;; small hash table of windows, and compare each needle listed there in full.
;;
;; A keyword is reported once, at its first occurrence. A fragment is reported
;; only where its name could be assigned to (see `nameCouldBeAssigned`) and the
;; caller accepts that name, with the name's bounds. The caller judges a name
;; the first time it turns up (the imported `judge`), and KNOWN remembers the
;; verdict: the same few thousand names come back in file after file, and most
;; are not secret-like.
(module
  ;; judge(start, stop): 1 when the caller accepts the name at [start, stop), else 0.
  (import "host" "judge" (func $judge (param i32 i32) (result i32)))
  (memory (export "memory") 10)

  ;; The layout, exported for the caller, which fills everything before OUT. The
  ;; code below writes these addresses as constants: change both together.

  ;; FOLD: for each byte, its lowercase ASCII form; 0xff for bytes past ASCII, which no needle holds.
  (global (export "FOLD") i32 (i32.const 0))
  ;; NAME: for each byte, 1 for a name character (A-Z a-z 0-9 _ . -).
  (global (export "NAME") i32 (i32.const 256))
  ;; SLOTS: 65,536 bytes. For each window in every letter case, or as written (a two-byte window with every third
  ;; byte), the byte at its first hash (16 bits) has the bit at its second (3 bits) set.
  (global (export "SLOTS") i32 (i32.const 512))
  ;; WINDOWS: 4,096 entries of 8 bytes: a folded window (u32; 0 when free), then where its needles start in IDS (u16)
  ;; and how many (u16). A window is three bytes (a | b << 8 | c << 16), or two with bit 24 set.
  (global (export "WINDOWS") i32 (i32.const 66048))
  (global (export "WINDOW_SLOTS") i32 (i32.const 4096))
  ;; IDS: per needle listed under a window, its id (u8) and where the window starts in it (u8).
  (global (export "IDS") i32 (i32.const 98816))
  ;; NEEDLES: 256 entries of 8 bytes: where its text is (u32), its length (u16), 1 for a keyword or 2 for a fragment (u8),
  ;; and 1 when it matches case, 0 when it is lowercase and matches any case (u8).
  (global (export "NEEDLES") i32 (i32.const 102912))
  ;; SEEN: one byte per needle, set when a keyword has been reported; the caller clears it for each text.
  (global (export "SEEN") i32 (i32.const 104960))
  ;; TEXTS: the needles' text.
  (global (export "TEXTS") i32 (i32.const 105216))
  ;; OUT: what `find` reports, 8 bytes each: position (u32), needle id (u8), and for a fragment, its name's start
  ;; before the position (u8) and its length (u16).
  (global (export "OUT") i32 (i32.const 114688))
  (global (export "OUT_CAPACITY") i32 (i32.const 16384))
  ;; KNOWN: 8,192 entries of 16 bytes, the names judged so far: a hash of the name's bytes (u32; 0 when free), where
  ;; its bytes are in NAMES (u32), its length (u16) and the verdict (u8).
  (global (export "KNOWN") i32 (i32.const 245760))
  ;; NAMES: the bytes of the names in KNOWN, 262,144 of them.
  (global (export "NAMES") i32 (i32.const 376832))
  ;; INPUT: the text, followed by at least eight zero bytes.
  (global (export "INPUT") i32 (i32.const 638976))

  ;; Where the next call of `find` must go on from, when OUT filled up; `end` when it did not.
  (global $resume (export "resume") (mut i32) (i32.const 0))
  ;; The bounds of the name $nameCouldBeAssigned last read.
  (global $nameStart (mut i32) (i32.const 0))
  (global $nameStop (mut i32) (i32.const 0))
  ;; Entries in KNOWN, and bytes used of NAMES.
  (global $knownNames (mut i32) (i32.const 0))
  (global $nameBytes (mut i32) (i32.const 0))

  ;; Whether the caller accepts the name at [start, stop): the verdict KNOWN holds, or else the caller's, then
  ;; remembered. Names of more than 255 bytes, and names once KNOWN is three-quarters full or NAMES full, are judged
  ;; every time.
  (func $acceptsName (param $start i32) (param $stop i32) (result i32)
    (local $length i32) (local $hash i32) (local $index i32) (local $slot i32) (local $entry i32) (local $held i32)
    (local $verdict i32)
    (local.set $length (i32.sub (local.get $stop) (local.get $start)))
    (if (i32.gt_u (local.get $length) (i32.const 255)) (then (return (call $judge (local.get $start) (local.get $stop)))))
    ;; FNV-1a over the name's bytes; 0 marks a free entry, so a hash of 0 becomes 1.
    (local.set $hash (i32.const 0x811c9dc5))
    (local.set $index (local.get $start))
    (block $hashed
      (loop $byte
        (br_if $hashed (i32.ge_u (local.get $index) (local.get $stop)))
        (local.set $hash (i32.mul (i32.xor (local.get $hash) (i32.load8_u (local.get $index))) (i32.const 0x01000193)))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (br $byte)))
    (if (i32.eqz (local.get $hash)) (then (local.set $hash (i32.const 1))))
    ;; Open addressing, probing on from the hash's top 13 bits.
    (local.set $slot (i32.shr_u (i32.mul (local.get $hash) (i32.const 0x9e3779b1)) (i32.const 19)))
    (block $free
      (loop $probe
        (local.set $entry (i32.add (i32.const 245760) (i32.shl (local.get $slot) (i32.const 4))))
        (local.set $held (i32.load (local.get $entry)))
        (br_if $free (i32.eqz (local.get $held)))
        (if (i32.and (i32.eq (local.get $held) (local.get $hash)) (i32.eq (i32.load16_u offset=8 (local.get $entry)) (local.get $length)))
          (then
            (if (call $sameBytes (i32.add (i32.const 376832) (i32.load offset=4 (local.get $entry))) (local.get $start) (local.get $length))
              (then (return (i32.load8_u offset=10 (local.get $entry)))))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 8191)))
        (br $probe)))
    (local.set $verdict (call $judge (local.get $start) (local.get $stop)))
    (if (i32.and
          (i32.lt_u (global.get $knownNames) (i32.const 6144))
          (i32.le_u (i32.add (global.get $nameBytes) (local.get $length)) (i32.const 262144)))
      (then
        (i32.store (local.get $entry) (local.get $hash))
        (i32.store offset=4 (local.get $entry) (global.get $nameBytes))
        (i32.store16 offset=8 (local.get $entry) (local.get $length))
        (i32.store8 offset=10 (local.get $entry) (local.get $verdict))
        (local.set $index (i32.const 0))
        (block $copied
          (loop $copy
            (br_if $copied (i32.ge_u (local.get $index) (local.get $length)))
            (i32.store8 offset=376832 (i32.add (global.get $nameBytes) (local.get $index)) (i32.load8_u (i32.add (local.get $start) (local.get $index))))
            (local.set $index (i32.add (local.get $index) (i32.const 1)))
            (br $copy)))
        (global.set $knownNames (i32.add (global.get $knownNames) (i32.const 1)))
        (global.set $nameBytes (i32.add (global.get $nameBytes) (local.get $length)))))
    (local.get $verdict))

  ;; Whether the `length` bytes at `a` and at `b` are the same.
  (func $sameBytes (param $a i32) (param $b i32) (param $length i32) (result i32)
    (local $index i32)
    (block $compared
      (loop $byte
        (br_if $compared (i32.ge_u (local.get $index) (local.get $length)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $index))) (i32.load8_u (i32.add (local.get $b) (local.get $index))))
          (then (return (i32.const 0))))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (br $byte)))
    (i32.const 1))

  ;; Whether the run of name characters around `position` (within [input, end)) could be a name something is
  ;; assigned to: at most 128 bytes either side of it, and then a `--` flag, ten letters (SQL's IDENTIFIED), or,
  ;; after an optional closing quote and blanks: = : , > " ' CR LF, a byte past ASCII, or the end.
  ;; assignableNameAt in generic.ts makes the same test. The name's bounds are left in $nameStart and $nameStop.
  (func $nameCouldBeAssigned (param $input i32) (param $position i32) (param $end i32) (result i32)
    (local $start i32) (local $stop i32) (local $byte i32)
    (local.set $start (local.get $position))
    (block $begun
      (loop $back
        (br_if $begun (i32.le_u (local.get $start) (local.get $input)))
        (br_if $begun (i32.eqz (i32.load8_u offset=256 (i32.load8_u (i32.sub (local.get $start) (i32.const 1))))))
        (local.set $start (i32.sub (local.get $start) (i32.const 1)))
        (if (i32.gt_u (i32.sub (local.get $position) (local.get $start)) (i32.const 128)) (then (return (i32.const 0))))
        (br $back)))
    (local.set $stop (i32.add (local.get $position) (i32.const 1)))
    (block $ended
      (loop $forward
        (br_if $ended (i32.ge_u (local.get $stop) (local.get $end)))
        (br_if $ended (i32.eqz (i32.load8_u offset=256 (i32.load8_u (local.get $stop)))))
        (local.set $stop (i32.add (local.get $stop) (i32.const 1)))
        (if (i32.gt_u (i32.sub (local.get $stop) (local.get $position)) (i32.const 128)) (then (return (i32.const 0))))
        (br $forward)))
    (global.set $nameStart (local.get $start))
    (global.set $nameStop (local.get $stop))
    (if (i32.eq (i32.sub (local.get $stop) (local.get $start)) (i32.const 10)) (then (return (i32.const 1))))
    ;; `--` (0x2d2d) starts a command-line flag.
    (if (i32.eq (i32.load16_u (local.get $start)) (i32.const 0x2d2d)) (then (return (i32.const 1))))
    (if (i32.ge_u (local.get $stop) (local.get $end)) (then (return (i32.const 1))))
    (local.set $byte (i32.load8_u (local.get $stop)))
    (if (i32.or (i32.eq (local.get $byte) (i32.const 0x22)) (i32.eq (local.get $byte) (i32.const 0x27)))
      (then
        (local.set $stop (i32.add (local.get $stop) (i32.const 1)))
        (if (i32.ge_u (local.get $stop) (local.get $end)) (then (return (i32.const 1))))
        (local.set $byte (i32.load8_u (local.get $stop)))))
    ;; Blanks: space, tab, vertical tab, form feed.
    (block $unblank
      (loop $blank
        (br_if $unblank
          (i32.eqz
            (i32.or (i32.eq (local.get $byte) (i32.const 0x20))
              (i32.or (i32.eq (local.get $byte) (i32.const 0x09))
                (i32.or (i32.eq (local.get $byte) (i32.const 0x0b)) (i32.eq (local.get $byte) (i32.const 0x0c)))))))
        (local.set $stop (i32.add (local.get $stop) (i32.const 1)))
        (if (i32.ge_u (local.get $stop) (local.get $end)) (then (return (i32.const 1))))
        (local.set $byte (i32.load8_u (local.get $stop)))
        (br $blank)))
    (i32.or
      (i32.or
        (i32.or (i32.eq (local.get $byte) (i32.const 0x3d)) (i32.eq (local.get $byte) (i32.const 0x3a)))
        (i32.or (i32.eq (local.get $byte) (i32.const 0x2c)) (i32.eq (local.get $byte) (i32.const 0x3e))))
      (i32.or
        (i32.or (i32.eq (local.get $byte) (i32.const 0x22)) (i32.eq (local.get $byte) (i32.const 0x27)))
        (i32.or
          (i32.or (i32.eq (local.get $byte) (i32.const 0x0d)) (i32.eq (local.get $byte) (i32.const 0x0a)))
          (i32.gt_u (local.get $byte) (i32.const 0x7f))))))

  ;; Compares the needles listed under `window` whose window starts at `position`, reports those that occur after
  ;; OUT's first `count` entries, and returns the new count.
  (func $tryWindow (param $window i32) (param $input i32) (param $position i32) (param $end i32) (param $count i32) (result i32)
    (local $slot i32) (local $entry i32) (local $held i32)
    (local $id i32) (local $left i32) (local $needle i32) (local $start i32) (local $text i32) (local $length i32) (local $index i32)
    (local $matchCase i32) (local $byte i32)
    ;; Find the window's entry: open addressing, probing on from its 12-bit hash.
    (local.set $slot (i32.shr_u (i32.mul (local.get $window) (i32.const 0x9e3779b1)) (i32.const 20)))
    (block $found
      (loop $probe
        (local.set $entry (i32.add (i32.const 66048) (i32.shl (local.get $slot) (i32.const 3))))
        (local.set $held (i32.load (local.get $entry)))
        (br_if $found (i32.eq (local.get $held) (local.get $window)))
        (if (i32.eqz (local.get $held)) (then (return (local.get $count))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 4095)))
        (br $probe)))
    (local.set $id (i32.add (i32.const 98816) (i32.shl (i32.load16_u offset=4 (local.get $entry)) (i32.const 1))))
    (local.set $left (i32.load16_u offset=6 (local.get $entry)))
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $left)))
        (local.set $needle (i32.add (i32.const 102912) (i32.shl (i32.load8_u (local.get $id)) (i32.const 3))))
        (local.set $start (i32.sub (local.get $position) (i32.load8_u offset=1 (local.get $id))))
        (local.set $text (i32.load (local.get $needle)))
        (local.set $length (i32.load16_u offset=4 (local.get $needle)))
        (block $differs
          (br_if $differs (i32.lt_u (local.get $start) (local.get $input)))
          (br_if $differs (i32.gt_u (i32.add (local.get $start) (local.get $length)) (local.get $end)))
          (local.set $matchCase (i32.load8_u offset=7 (local.get $needle)))
          (local.set $index (i32.const 0))
          (loop $compare
            (local.set $byte (i32.load8_u (i32.add (local.get $start) (local.get $index))))
            (br_if $differs
              (i32.ne
                (select (local.get $byte) (i32.load8_u (local.get $byte)) (local.get $matchCase))
                (i32.load8_u (i32.add (local.get $text) (local.get $index)))))
            (local.set $index (i32.add (local.get $index) (i32.const 1)))
            (br_if $compare (i32.lt_u (local.get $index) (local.get $length))))
          (if (i32.eq (i32.load8_u offset=6 (local.get $needle)) (i32.const 1))
            (then
              ;; A keyword: reported the first time only.
              (br_if $differs (i32.load8_u offset=104960 (i32.load8_u (local.get $id))))
              (i32.store8 offset=104960 (i32.load8_u (local.get $id)) (i32.const 1))
              (i32.store offset=114692 (i32.shl (local.get $count) (i32.const 3)) (i32.load8_u (local.get $id))))
            (else
              (br_if $differs (i32.eqz (call $nameCouldBeAssigned (local.get $input) (local.get $start) (local.get $end))))
              (br_if $differs (i32.eqz (call $acceptsName (global.get $nameStart) (global.get $nameStop))))
              (i32.store offset=114692 (i32.shl (local.get $count) (i32.const 3))
                (i32.or (i32.load8_u (local.get $id))
                  (i32.or (i32.shl (i32.sub (local.get $start) (global.get $nameStart)) (i32.const 8))
                    (i32.shl (i32.sub (global.get $nameStop) (global.get $nameStart)) (i32.const 16)))))))
          (i32.store offset=114688 (i32.shl (local.get $count) (i32.const 3)) (i32.sub (local.get $start) (local.get $input)))
          (local.set $count (i32.add (local.get $count) (i32.const 1))))
        (local.set $id (i32.add (local.get $id) (i32.const 2)))
        (local.set $left (i32.sub (local.get $left) (i32.const 1)))
        (br $each)))
    (local.get $count))

  ;; The window lookups for a position that got past SLOTS; returns the new count.
  (func $hit (param $input i32) (param $position i32) (param $end i32) (param $count i32) (result i32)
    (local $folded i32)
    (local.set $folded
      (i32.or
        (i32.or (i32.load8_u (i32.load8_u (local.get $position))) (i32.shl (i32.load8_u (i32.load8_u offset=1 (local.get $position))) (i32.const 8)))
        (i32.shl (i32.load8_u (i32.load8_u offset=2 (local.get $position))) (i32.const 16))))
    (local.set $count (call $tryWindow (local.get $folded) (local.get $input) (local.get $position) (local.get $end) (local.get $count)))
    (call $tryWindow
      (i32.or (i32.and (local.get $folded) (i32.const 0xffff)) (i32.const 0x1000000))
      (local.get $input) (local.get $position) (local.get $end) (local.get $count)))

  ;; Reports the needles occurring in the text at [input, end) whose windows start in [position, end) to OUT, and
  ;; returns how many it reported. It stops early when OUT might not hold the next position's needles, with
  ;; `resume` saying where to go on from.
  (func (export "find") (param $input i32) (param $position i32) (param $end i32) (result i32)
    (local $count i32) (local $wide i64) (local $bytes i32) (local $slot i32)
    (global.set $resume (local.get $end))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $position) (local.get $end)))
        ;; Room for every needle at four positions: there are at most 256 at each.
        (if (i32.gt_u (local.get $count) (i32.const 15360))
          (then
            (global.set $resume (local.get $position))
            (br $done)))
        ;; Four positions per load: bytes 0-2 for this one, 1-3, 2-4 and 3-5 for the next three. Each position's window
        ;; picks a byte of SLOTS by its first hash (most are 0: one load and a branch), and a bit of that byte by its second.
        (local.set $wide (i64.load (local.get $position)))
        (local.set $bytes (i32.and (i32.wrap_i64 (local.get $wide)) (i32.const 0xffffff)))
        (local.set $slot (i32.load8_u offset=512 (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x9e3779b1)) (i32.const 16))))
        (if (local.get $slot)
          (then
            (if (i32.and (i32.shr_u (local.get $slot) (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x85ebca6b)) (i32.const 29))) (i32.const 1))
              (then
                (local.set $count (call $hit (local.get $input) (local.get $position) (local.get $end) (local.get $count)))))))
        (local.set $bytes (i32.and (i32.wrap_i64 (i64.shr_u (local.get $wide) (i64.const 8))) (i32.const 0xffffff)))
        (local.set $slot (i32.load8_u offset=512 (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x9e3779b1)) (i32.const 16))))
        (if (local.get $slot)
          (then
            (if (i32.and (i32.shr_u (local.get $slot) (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x85ebca6b)) (i32.const 29))) (i32.const 1))
              (then
                (if (i32.lt_u (i32.add (local.get $position) (i32.const 1)) (local.get $end))
                  (then (local.set $count (call $hit (local.get $input) (i32.add (local.get $position) (i32.const 1)) (local.get $end) (local.get $count)))))))))
        (local.set $bytes (i32.and (i32.wrap_i64 (i64.shr_u (local.get $wide) (i64.const 16))) (i32.const 0xffffff)))
        (local.set $slot (i32.load8_u offset=512 (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x9e3779b1)) (i32.const 16))))
        (if (local.get $slot)
          (then
            (if (i32.and (i32.shr_u (local.get $slot) (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x85ebca6b)) (i32.const 29))) (i32.const 1))
              (then
                (if (i32.lt_u (i32.add (local.get $position) (i32.const 2)) (local.get $end))
                  (then (local.set $count (call $hit (local.get $input) (i32.add (local.get $position) (i32.const 2)) (local.get $end) (local.get $count)))))))))
        (local.set $bytes (i32.and (i32.wrap_i64 (i64.shr_u (local.get $wide) (i64.const 24))) (i32.const 0xffffff)))
        (local.set $slot (i32.load8_u offset=512 (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x9e3779b1)) (i32.const 16))))
        (if (local.get $slot)
          (then
            (if (i32.and (i32.shr_u (local.get $slot) (i32.shr_u (i32.mul (local.get $bytes) (i32.const 0x85ebca6b)) (i32.const 29))) (i32.const 1))
              (then
                (if (i32.lt_u (i32.add (local.get $position) (i32.const 3)) (local.get $end))
                  (then (local.set $count (call $hit (local.get $input) (i32.add (local.get $position) (i32.const 3)) (local.get $end) (local.get $count)))))))))
        (local.set $position (i32.add (local.get $position) (i32.const 4)))
        (br $next)))
    (local.get $count))
)
