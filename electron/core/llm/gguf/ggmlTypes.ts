/**
 * ggml tensor types and `general.file_type` values as defined by the llama.cpp that node-llama-cpp 3.22.1
 * bundles (`enum ggml_type` and the `type_traits` table in ggml.c, `enum llama_ftype` in llama.h). Block
 * sizes and bytes per block were read from `sizeof(block_*)` in that source.
 */

export interface GgmlTypeInfo {
  /** Id stored in a GGUF tensor info. */
  id: number;
  /** Upper-case name, as llama.cpp prints it ("Q4_K"). */
  name: string;
  /** Values per block; a tensor's row length must be a multiple of it. */
  blockSize: number;
  /** Bytes each block occupies. */
  bytesPerBlock: number;
}

const ggmlTypeList: readonly GgmlTypeInfo[] = [
  { id: 0, name: 'F32', blockSize: 1, bytesPerBlock: 4 },
  { id: 1, name: 'F16', blockSize: 1, bytesPerBlock: 2 },
  { id: 2, name: 'Q4_0', blockSize: 32, bytesPerBlock: 18 },
  { id: 3, name: 'Q4_1', blockSize: 32, bytesPerBlock: 20 },
  { id: 6, name: 'Q5_0', blockSize: 32, bytesPerBlock: 22 },
  { id: 7, name: 'Q5_1', blockSize: 32, bytesPerBlock: 24 },
  { id: 8, name: 'Q8_0', blockSize: 32, bytesPerBlock: 34 },
  { id: 9, name: 'Q8_1', blockSize: 32, bytesPerBlock: 36 },
  { id: 10, name: 'Q2_K', blockSize: 256, bytesPerBlock: 84 },
  { id: 11, name: 'Q3_K', blockSize: 256, bytesPerBlock: 110 },
  { id: 12, name: 'Q4_K', blockSize: 256, bytesPerBlock: 144 },
  { id: 13, name: 'Q5_K', blockSize: 256, bytesPerBlock: 176 },
  { id: 14, name: 'Q6_K', blockSize: 256, bytesPerBlock: 210 },
  { id: 15, name: 'Q8_K', blockSize: 256, bytesPerBlock: 292 },
  { id: 16, name: 'IQ2_XXS', blockSize: 256, bytesPerBlock: 66 },
  { id: 17, name: 'IQ2_XS', blockSize: 256, bytesPerBlock: 74 },
  { id: 18, name: 'IQ3_XXS', blockSize: 256, bytesPerBlock: 98 },
  { id: 19, name: 'IQ1_S', blockSize: 256, bytesPerBlock: 50 },
  { id: 20, name: 'IQ4_NL', blockSize: 32, bytesPerBlock: 18 },
  { id: 21, name: 'IQ3_S', blockSize: 256, bytesPerBlock: 110 },
  { id: 22, name: 'IQ2_S', blockSize: 256, bytesPerBlock: 82 },
  { id: 23, name: 'IQ4_XS', blockSize: 256, bytesPerBlock: 136 },
  { id: 24, name: 'I8', blockSize: 1, bytesPerBlock: 1 },
  { id: 25, name: 'I16', blockSize: 1, bytesPerBlock: 2 },
  { id: 26, name: 'I32', blockSize: 1, bytesPerBlock: 4 },
  { id: 27, name: 'I64', blockSize: 1, bytesPerBlock: 8 },
  { id: 28, name: 'F64', blockSize: 1, bytesPerBlock: 8 },
  { id: 29, name: 'IQ1_M', blockSize: 256, bytesPerBlock: 56 },
  { id: 30, name: 'BF16', blockSize: 1, bytesPerBlock: 2 },
  { id: 34, name: 'TQ1_0', blockSize: 256, bytesPerBlock: 54 },
  { id: 35, name: 'TQ2_0', blockSize: 256, bytesPerBlock: 66 },
  { id: 39, name: 'MXFP4', blockSize: 32, bytesPerBlock: 17 },
  { id: 40, name: 'NVFP4', blockSize: 64, bytesPerBlock: 36 },
  { id: 41, name: 'Q1_0', blockSize: 128, bytesPerBlock: 18 },
  { id: 42, name: 'Q2_0', blockSize: 64, bytesPerBlock: 18 },
];

const ggmlTypesById = new Map(ggmlTypeList.map((type) => [type.id, type]));

/** The type with `id`, or undefined for ids llama.cpp does not know (or no longer accepts in files). */
export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
  return ggmlTypesById.get(id);
}

/** Names of `general.file_type` values (`enum llama_ftype`), i.e. the quantization a model is sold as. */
const fileTypeNames: ReadonlyMap<number, string> = new Map([
  [0, 'F32'],
  [1, 'F16'],
  [2, 'Q4_0'],
  [3, 'Q4_1'],
  [7, 'Q8_0'],
  [8, 'Q5_0'],
  [9, 'Q5_1'],
  [10, 'Q2_K'],
  [11, 'Q3_K_S'],
  [12, 'Q3_K_M'],
  [13, 'Q3_K_L'],
  [14, 'Q4_K_S'],
  [15, 'Q4_K_M'],
  [16, 'Q5_K_S'],
  [17, 'Q5_K_M'],
  [18, 'Q6_K'],
  [19, 'IQ2_XXS'],
  [20, 'IQ2_XS'],
  [21, 'Q2_K_S'],
  [22, 'IQ3_XS'],
  [23, 'IQ3_XXS'],
  [24, 'IQ1_S'],
  [25, 'IQ4_NL'],
  [26, 'IQ3_S'],
  [27, 'IQ3_M'],
  [28, 'IQ2_S'],
  [29, 'IQ2_M'],
  [30, 'IQ4_XS'],
  [31, 'IQ1_M'],
  [32, 'BF16'],
  [36, 'TQ1_0'],
  [37, 'TQ2_0'],
  [38, 'MXFP4_MOE'],
  [39, 'NVFP4'],
  [40, 'Q1_0'],
  [41, 'Q2_0'],
]);

/** llama.cpp sets this bit when it guessed the file type rather than reading it (`LLAMA_FTYPE_GUESSED`). */
const guessedFileTypeFlag = 1024;

/** The quantization name for a `general.file_type` value, or undefined when the value is unknown. */
export function fileTypeName(fileType: number): string | undefined {
  return fileTypeNames.get(fileType & ~guessedFileTypeFlag);
}
