/**
 * Hamming distances of many binary codes to one, in WebAssembly SIMD: 16 bytes per instruction
 * (xor, popcount, widening adds), about 10 ns a 384-bit code against 60 in plain JavaScript, which is
 * the difference between 10 and 60 ms for a million chunks. The module is small enough to write out
 * by hand; its text form is below, and store-hamming-kernel.test.ts checks it against a plain loop.
 *
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "hamming")
 *     (param $codes i32) (param $count i32) (param $query i32) (param $stride i32) (param $out i32)
 *     (local $offset i32) (local $acc v128) (local $sum v128)
 *     (block $done
 *       (loop $code
 *         (br_if $done (i32.eqz (local.get $count)))
 *         (local.set $acc (v128.const i64x2 0 0))
 *         (local.set $offset (i32.const 0))
 *         (loop $word                         ;; 16 bytes of the code at a time
 *           (local.set $acc (i16x8.add (local.get $acc)
 *             (i16x8.extadd_pairwise_i8x16_u (i8x16.popcnt (v128.xor
 *               (v128.load (i32.add (local.get $codes) (local.get $offset)))
 *               (v128.load (i32.add (local.get $query) (local.get $offset))))))))
 *           (br_if $word (i32.lt_u
 *             (local.tee $offset (i32.add (local.get $offset) (i32.const 16))) (local.get $stride))))
 *         (local.set $sum (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
 *         (i32.store16 (local.get $out) (i32.add
 *           (i32.add (i32x4.extract_lane 0 (local.get $sum)) (i32x4.extract_lane 1 (local.get $sum)))
 *           (i32.add (i32x4.extract_lane 2 (local.get $sum)) (i32x4.extract_lane 3 (local.get $sum)))))
 *         (local.set $codes (i32.add (local.get $codes) (local.get $stride)))
 *         (local.set $out (i32.add (local.get $out) (i32.const 2)))
 *         (local.set $count (i32.sub (local.get $count) (i32.const 1)))
 *         (br $code)))))
 *
 * `$stride` (bytes per code) must be a multiple of 16; 16-bit lanes hold the sums up to 4,096-byte codes.
 */

const simd = 0xfd;
const localGet = 0x20;
const localSet = 0x21;
const localTee = 0x22;
const i32Const = 0x41;
const i32Add = 0x6a;

/** `local.get a; local.get b; i32.add; v128.load` (no alignment promised). */
const loadAt = (a: number, b: number) => [localGet, a, localGet, b, i32Add, simd, 0x00, 0x00, 0x00];
/** `local.get $sum; i32x4.extract_lane lane`. */
const lane = (index: number) => [localGet, 7, simd, 0x1b, index];

const body = [
  // locals: $offset i32 (5), $acc and $sum v128 (6, 7)
  0x02, 0x01, 0x7f, 0x02, 0x7b,
  0x02, 0x40, // block $done
  0x03, 0x40, // loop $code
  localGet, 1, 0x45, 0x0d, 1, // br_if $done (i32.eqz $count)
  simd, 0x0c, ...new Array<number>(16).fill(0), localSet, 6, // $acc = 0
  i32Const, 0, localSet, 5, // $offset = 0
  0x03, 0x40, // loop $word
  localGet, 6,
  ...loadAt(0, 5),
  ...loadAt(2, 5),
  simd, 0x51, // v128.xor
  simd, 0x62, // i8x16.popcnt
  simd, 0x7d, // i16x8.extadd_pairwise_i8x16_u
  simd, 0x8e, 0x01, // i16x8.add
  localSet, 6,
  localGet, 5, i32Const, 16, i32Add, localTee, 5, localGet, 3, 0x49, 0x0d, 0, // br_if $word ($offset < $stride)
  0x0b, // end $word
  localGet, 6, simd, 0x7f, localSet, 7, // $sum = i32x4.extadd_pairwise_i16x8_u $acc
  localGet, 4,
  ...lane(0), ...lane(1), i32Add, ...lane(2), ...lane(3), i32Add, i32Add,
  0x3b, 0x01, 0x00, // i32.store16
  localGet, 0, localGet, 3, i32Add, localSet, 0, // $codes += $stride
  localGet, 4, i32Const, 2, i32Add, localSet, 4, // $out += 2
  localGet, 1, i32Const, 1, 0x6b, localSet, 1, // $count -= 1
  0x0c, 0, // br $code
  0x0b, 0x0b, 0x0b, // end $code, $done, function
];

const name = (text: string) => [text.length, ...Buffer.from(text, 'ascii')];
const section = (id: number, content: number[]) => [id, ...leb128(content.length), ...content];

const moduleBytes = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 x5) -> ()
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0x00, 1]), // one memory, at least one page
  ...section(7, [2, ...name('memory'), 0x02, 0, ...name('hamming'), 0x00, 0]),
  ...section(10, [1, ...leb128(body.length), ...body]),
]);

function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** The little of the WebAssembly API used here (Node's type definitions leave WebAssembly to the DOM lib). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** A WebAssembly instance with its own memory, where the caller lays out codes, query and distances. */
export interface HammingKernel {
  memory: WasmMemory;
  /** Writes `count` 16-bit distances at byte `out`, for the codes of `stride` bytes from byte `codes`. */
  hamming(codes: number, count: number, query: number, stride: number, out: number): void;
}

let compiled: object | null | undefined;

/** A fresh kernel, or null where WebAssembly SIMD is not available (the caller scans in JavaScript). */
export function createHammingKernel(): HammingKernel | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(moduleBytes) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled || !wasm) return null;
  const { exports } = new wasm.Instance(compiled);
  return { memory: exports.memory as WasmMemory, hamming: exports.hamming as HammingKernel['hamming'] };
}
