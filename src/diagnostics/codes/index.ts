/**
 * The diagnostic catalogue: every code any stage reports, by stage. `DiagnosticCode` is the union
 * of their keys, so the compiler rejects a code no table declares; docs/diagnostics.md is
 * generated from these tables (`npm run docs:reference`), and test/diagnostics/catalogue.test.ts
 * checks that every declared code is produced by a test.
 */
import { CLI_CODES } from './cli.ts';
import { FLEET_CODES } from './fleet.ts';
import { IMAGE_CODES } from './images.ts';
import { IO_CODES } from './io.ts';
import { PLATFORM_CODES } from './platform.ts';
import { SPEC_CODES } from './spec.ts';
import { TERRAFORM_CODES } from './terraform.ts';
import type { CodeInfo } from './types.ts';

/** The tables in the order docs/diagnostics.md lists them. */
export const CODE_TABLES = {
  spec: SPEC_CODES,
  platform: PLATFORM_CODES,
  fleet: FLEET_CODES,
  terraform: TERRAFORM_CODES,
  images: IMAGE_CODES,
  io: IO_CODES,
  cli: CLI_CODES,
} as const;

export type DiagnosticStage = keyof typeof CODE_TABLES;

/** Every diagnostic code. */
export type DiagnosticCode =
  | keyof typeof SPEC_CODES
  | keyof typeof PLATFORM_CODES
  | keyof typeof FLEET_CODES
  | keyof typeof TERRAFORM_CODES
  | keyof typeof IMAGE_CODES
  | keyof typeof IO_CODES
  | keyof typeof CLI_CODES;

/** One catalogue entry with its code and stage. */
export interface CatalogueEntry extends CodeInfo {
  readonly code: DiagnosticCode;
  readonly stage: DiagnosticStage;
}

/** Every declared code with its entry, stage by stage, in declaration order. */
export function catalogue(): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (const [stage, table] of Object.entries(CODE_TABLES) as [DiagnosticStage, Record<string, CodeInfo>][])
    for (const [code, info] of Object.entries(table))
      out.push({ ...info, code: code as DiagnosticCode, stage });
  return out;
}

/** True when `code` is a declared code (for values read back from JSON). */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.values(CODE_TABLES).some((t) => Object.hasOwn(t, code));
}

/** The kinds of YAML document msp reads, each with its own code prefix. */
export type DocumentKind = 'SPEC' | 'PLATFORM';

/**
 * The reading and shape codes of each document kind, written out so that the YAML reader and
 * the shape check pick a code by kind without building it from text.
 */
export const DOCUMENT_CODES = {
  SPEC: {
    FILE_TOO_LARGE: 'SPEC_FILE_TOO_LARGE',
    NOT_UTF8: 'SPEC_NOT_UTF8',
    TOO_DEEP: 'SPEC_TOO_DEEP',
    TOO_MANY_VALUES: 'SPEC_TOO_MANY_VALUES',
    YAML_SYNTAX: 'SPEC_YAML_SYNTAX',
    YAML_INDENT: 'SPEC_YAML_INDENT',
    YAML_TAB: 'SPEC_YAML_TAB',
    MULTIPLE_DOCUMENTS: 'SPEC_MULTIPLE_DOCUMENTS',
    DUPLICATE_KEY: 'SPEC_DUPLICATE_KEY',
    COMPLEX_KEY: 'SPEC_COMPLEX_KEY',
    UNKNOWN_TAG: 'SPEC_UNKNOWN_TAG',
    UNDEFINED_ALIAS: 'SPEC_UNDEFINED_ALIAS',
    ALIAS_LIMIT: 'SPEC_ALIAS_LIMIT',
    UNWRITABLE_TEXT: 'SPEC_UNWRITABLE_TEXT',
    NOT_A_MAPPING: 'SPEC_NOT_A_MAPPING',
    UNKNOWN_KEY: 'SPEC_UNKNOWN_KEY',
    MISSING_KEY: 'SPEC_MISSING_KEY',
    WRONG_TYPE: 'SPEC_WRONG_TYPE',
    INVALID_VALUE: 'SPEC_INVALID_VALUE',
    OUT_OF_RANGE: 'SPEC_OUT_OF_RANGE',
    INVALID: 'SPEC_INVALID_VALUE',
    LEGACY_KEY: 'SPEC_LEGACY_KEY',
  },
  PLATFORM: {
    FILE_TOO_LARGE: 'PLATFORM_FILE_TOO_LARGE',
    NOT_UTF8: 'PLATFORM_NOT_UTF8',
    TOO_DEEP: 'PLATFORM_TOO_DEEP',
    TOO_MANY_VALUES: 'PLATFORM_TOO_MANY_VALUES',
    YAML_SYNTAX: 'PLATFORM_YAML_SYNTAX',
    YAML_INDENT: 'PLATFORM_YAML_INDENT',
    YAML_TAB: 'PLATFORM_YAML_TAB',
    MULTIPLE_DOCUMENTS: 'PLATFORM_MULTIPLE_DOCUMENTS',
    DUPLICATE_KEY: 'PLATFORM_DUPLICATE_KEY',
    COMPLEX_KEY: 'PLATFORM_COMPLEX_KEY',
    UNKNOWN_TAG: 'PLATFORM_UNKNOWN_TAG',
    UNDEFINED_ALIAS: 'PLATFORM_UNDEFINED_ALIAS',
    ALIAS_LIMIT: 'PLATFORM_ALIAS_LIMIT',
    UNWRITABLE_TEXT: 'PLATFORM_UNWRITABLE_TEXT',
    NOT_A_MAPPING: 'PLATFORM_NOT_A_MAPPING',
    UNKNOWN_KEY: 'PLATFORM_UNKNOWN_KEY',
    MISSING_KEY: 'PLATFORM_MISSING_KEY',
    WRONG_TYPE: 'PLATFORM_WRONG_TYPE',
    INVALID_VALUE: 'PLATFORM_INVALID_VALUE',
    OUT_OF_RANGE: 'PLATFORM_OUT_OF_RANGE',
    INVALID: 'PLATFORM_INVALID',
  },
} as const satisfies Record<DocumentKind, Record<string, DiagnosticCode>>;
