/**
 * The catalogue entries of the problems every YAML document can have (reading and shape), shared
 * by `service.yaml` (`SPEC_…`) and `platform.yaml` (`PLATFORM_…`). The codes themselves are
 * written out in spec.ts and platform.ts, and `DOCUMENT_CODES` maps a document kind to them, so
 * the reader and the shape check never build a code from text.
 */
import type { CodeInfo } from './types.ts';

export const READING = {
  FILE_TOO_LARGE: {
    severity: 'error',
    meaning: 'The file is over the size limit (docs/limits.md); nothing was parsed.',
    example: 'A 5 MB file given as the spec.',
    fix: 'Check that the right file was given; a real file is a few kilobytes.',
  },
  NOT_UTF8: {
    severity: 'error',
    meaning: 'The file is not valid UTF-8; the position of the first bad byte is reported.',
    example: 'A file saved as Latin-1 with `é` in a description.',
    fix: 'Save the file as UTF-8.',
  },
  TOO_DEEP: {
    severity: 'error',
    meaning: 'Mappings and lists are nested deeper than the limit (docs/limits.md).',
    example: 'A value nested 200 levels deep: `a: [[[[[…]]]]]`.',
    fix: 'Flatten the document; a real file needs only a few levels.',
  },
  TOO_MANY_VALUES: {
    severity: 'error',
    meaning: 'The document holds more values than the limit (docs/limits.md).',
    example: 'A generated list of a million items.',
    fix: 'Check for generated or corrupted input.',
  },
  YAML_SYNTAX: {
    severity: 'error',
    meaning: 'The text is not valid YAML.',
    example: '`service: {id: api` (unclosed flow mapping).',
    fix: 'Fix the syntax at the reported position.',
  },
  YAML_INDENT: {
    severity: 'error',
    meaning: 'A line is indented differently from the lines around it, so YAML cannot tell where it belongs.',
    example: 'A key indented by three spaces among keys indented by two.',
    fix: 'Indent the line like its siblings (spaces only).',
  },
  YAML_TAB: {
    severity: 'error',
    meaning: 'A tab is used for indentation; YAML allows only spaces.',
    example: 'A line starting with a tab character before `id: api`.',
    fix: 'Replace the tabs with spaces.',
  },
  MULTIPLE_DOCUMENTS: {
    severity: 'error',
    meaning: 'The file holds more than one YAML document (separated by `---`).',
    example: '`service: {…}` then `---` then a second document.',
    fix: 'Keep one document per file.',
  },
  DUPLICATE_KEY: {
    severity: 'error',
    meaning: 'A mapping has the same key twice; YAML does not say which one wins.',
    example: 'Two `id:` lines under `service:`.',
    fix: 'Remove or rename one of them.',
  },
  COMPLEX_KEY: {
    severity: 'error',
    meaning: 'A mapping key is itself a mapping or a list.',
    example: 'A key written `? [a, b]` followed by `: value`.',
    fix: 'Use plain text keys.',
  },
  UNKNOWN_TAG: {
    severity: 'error',
    meaning: 'A YAML tag other than the standard ones (`!!str`, `!!int`, …) is used.',
    example: '`id: !custom api`',
    fix: 'Remove the tag.',
  },
  UNDEFINED_ALIAS: {
    severity: 'error',
    meaning: 'An alias (`*name`) refers to no anchor (`&name`).',
    example: '`owners: *team` with no `&team` anchor.',
    fix: 'Define the anchor before the alias, or write the value out.',
  },
  ALIAS_LIMIT: {
    severity: 'error',
    meaning: 'Aliases expand to more data than the limit (the "billion laughs" pattern).',
    example: 'Anchors that each repeat the previous one ten times, nine levels deep.',
    fix: 'Write the values out; aliases are for small repetitions.',
  },
  UNWRITABLE_TEXT: {
    severity: 'error',
    meaning:
      'A string holds characters that cannot be written into the generated files (lone surrogates, NUL).',
    example: 'A description with `"\\ud800"` in double quotes.',
    fix: 'Remove the character.',
  },
} as const satisfies Record<string, CodeInfo>;

export const SHAPE = {
  NOT_A_MAPPING: {
    severity: 'error',
    meaning: 'The document is not a mapping of keys to values (empty, a list, or a scalar).',
    example: 'A file holding `- service`.',
    fix: 'Start from the scaffold (`msp init`) or the reference docs.',
  },
  UNKNOWN_KEY: {
    severity: 'error',
    meaning: 'A key the schema does not know, usually a typo; "did you mean" names the closest known key.',
    example: '`instance:` instead of `instances:`',
    fix: 'Rename it to the suggested key, or remove it.',
  },
  MISSING_KEY: {
    severity: 'error',
    meaning: 'A required key is missing.',
    example: 'A `service:` mapping without `id:`.',
    fix: 'Add the key.',
  },
  WRONG_TYPE: {
    severity: 'error',
    meaning:
      'A value has the wrong type (a list where a mapping is expected, a decimal where a whole number is).',
    example: '`minCount: 1.5`',
    fix: 'Write a value of the expected type.',
  },
  INVALID_VALUE: {
    severity: 'error',
    meaning: 'A value is not one of the allowed values of an enumeration.',
    example: '`category: production` (allowed: test, internal, external).',
    fix: 'Use one of the values listed under "expected".',
  },
  OUT_OF_RANGE: {
    severity: 'error',
    meaning: "A number, text or list is outside the schema's bounds.",
    example: 'A list that must have at least one item is empty.',
    fix: 'Use a value within the bounds given under "expected".',
  },
} as const satisfies Record<string, CodeInfo>;
