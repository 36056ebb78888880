/** One generated file, as the pure generators return it and `src/io/write-service.ts` writes it. */
export interface OutputFile {
  /** Path relative to the generated folder, with `/` separators. */
  path: string;
  content: string | Uint8Array;
}
