/**
 * Converts float32 values into the on-disk layouts of the ggml tensor types the generator writes. The
 * quantizers follow ggml's reference implementations (`quantize_row_q4_0_ref`, `quantize_row_q8_0_ref`)
 * so llama.cpp reads back what we meant.
 */

/** The ggml tensor types this writer can produce, with their ids from `enum ggml_type`. */
export const writableGgmlTypes = {
  F32: { id: 0, blockSize: 1, bytesPerBlock: 4 },
  F16: { id: 1, blockSize: 1, bytesPerBlock: 2 },
  Q4_0: { id: 2, blockSize: 32, bytesPerBlock: 18 },
  Q8_0: { id: 8, blockSize: 32, bytesPerBlock: 34 },
} as const;

export type WritableGgmlType = keyof typeof writableGgmlTypes;

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** IEEE 754 half-precision bits for `value`, rounded to nearest even (as the hardware conversion does). */
export function float32ToFloat16Bits(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    let half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and can round up to infinity).
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** The float value of half-precision `bits`; used by tests to check round trips. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Bytes that `count` values of `type` occupy; `count` must be a whole number of blocks. */
export function encodedByteLength(type: WritableGgmlType, count: number): number {
  const { blockSize, bytesPerBlock } = writableGgmlTypes[type];
  if (count % blockSize !== 0) {
    throw new Error(`${type} needs a multiple of ${blockSize} values, got ${count}`);
  }
  return (count / blockSize) * bytesPerBlock;
}

/** Writes `values` encoded as `type` into `target` (which must be `encodedByteLength` long). */
export function encodeValues(type: WritableGgmlType, values: Float32Array, target: Uint8Array): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  switch (type) {
    case 'F32':
      for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index] ?? 0, true);
      return;
    case 'F16':
      for (let index = 0; index < values.length; index++) {
        view.setUint16(index * 2, float32ToFloat16Bits(values[index] ?? 0), true);
      }
      return;
    case 'Q4_0':
      encodeQ4_0(values, view);
      return;
    case 'Q8_0':
      encodeQ8_0(values, view);
      return;
  }
}

function encodeQ4_0(values: Float32Array, view: DataView): void {
  for (let block = 0; block * 32 < values.length; block++) {
    const first = block * 32;
    let absMax = 0;
    let signedMax = 0;
    for (let index = 0; index < 32; index++) {
      const value = values[first + index] ?? 0;
      if (Math.abs(value) > absMax) {
        absMax = Math.abs(value);
        signedMax = value;
      }
    }
    const scale = Math.fround(signedMax / -8);
    const inverse = scale === 0 ? 0 : Math.fround(1 / scale);
    const out = block * 18;
    view.setUint16(out, float32ToFloat16Bits(scale), true);
    for (let index = 0; index < 16; index++) {
      const low = Math.min(15, Math.trunc(Math.fround((values[first + index] ?? 0) * inverse + 8.5)));
      const high = Math.min(15, Math.trunc(Math.fround((values[first + 16 + index] ?? 0) * inverse + 8.5)));
      view.setUint8(out + 2 + index, low | (high << 4));
    }
  }
}

function encodeQ8_0(values: Float32Array, view: DataView): void {
  for (let block = 0; block * 32 < values.length; block++) {
    const first = block * 32;
    let absMax = 0;
    for (let index = 0; index < 32; index++) absMax = Math.max(absMax, Math.abs(values[first + index] ?? 0));
    const scale = Math.fround(absMax / 127);
    const inverse = scale === 0 ? 0 : Math.fround(1 / scale);
    const out = block * 34;
    view.setUint16(out, float32ToFloat16Bits(scale), true);
    for (let index = 0; index < 32; index++) {
      // C's roundf rounds halves away from zero; Math.round would round -2.5 to -2.
      const scaled = (values[first + index] ?? 0) * inverse;
      view.setInt8(out + 2 + index, Math.sign(scaled) * Math.round(Math.abs(scaled)));
    }
  }
}
