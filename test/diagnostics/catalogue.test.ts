/**
 * The diagnostic catalogue (src/diagnostics/codes/): every entry is complete and sits in the
 * table of its stage, and every declared code is produced by a test: a fixture marker (checked by
 * the fixture tests), a case in cases.ts (run here), or a named test file that asserts it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CODE_TABLES,
  catalogue,
  type DiagnosticCode,
  isDiagnosticCode,
} from '../../src/diagnostics/codes/index.ts';
import { CASES, NOT_YET_EXERCISED } from './cases.ts';

const PREFIX = {
  spec: /^SPEC_[A-Z0-9_]+$/,
  platform: /^PLATFORM_[A-Z0-9_]+$/,
  fleet: /^FLEET_[A-Z0-9_]+$/,
  terraform: /^TF_[A-Z0-9_]+$/,
  images: /^IMAGE_[A-Z0-9_]+$/,
  io: /^IO_[A-Z0-9_]+$/,
  cli: /^INTERNAL_ERROR$/,
} as const;

test('every code sits in the table of its stage, once', () => {
  const seen = new Set<string>();
  for (const e of catalogue()) {
    assert.match(e.code, PREFIX[e.stage], `${e.code} is in the ${e.stage} table`);
    assert.ok(!seen.has(e.code), `${e.code} is declared twice`);
    seen.add(e.code);
  }
  assert.equal(
    seen.size,
    Object.values(CODE_TABLES).reduce((n, t) => n + Object.keys(t).length, 0),
  );
});

test('every entry says what it means, gives an example and a fix', () => {
  for (const e of catalogue()) {
    for (const k of ['meaning', 'example', 'fix'] as const)
      assert.ok(e[k].trim().length >= 8, `${e.code}: ${k} is missing or too short`);
    assert.ok(/[.)`]$/.test(e.fix.trim()), `${e.code}: the fix is a sentence`);
    for (const old of e.formerly ?? []) {
      assert.notEqual(old, e.code, `${e.code} names itself as a former code`);
      assert.match(old, /^[A-Z][A-Z0-9_]+$/, `${e.code}: former code ${old}`);
    }
  }
});

/** Codes marked `# ERROR:`/`# WARNING:` in a fixture; the fixture tests check they are produced. */
function markedCodes(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        for (const m of readFileSync(p, 'utf8').matchAll(
          /#\s*(?:ERROR|WARNING):\s*([A-Z0-9_]+(?:\s*,\s*[A-Z0-9_]+)*)/g,
        ))
          for (const c of m[1]!.split(',')) out.add(c.trim());
    }
  };
  walk(join(import.meta.dirname, '..', 'fixtures'));
  return out;
}

/**
 * Test files that produce and assert codes no fixture or case covers (whole-CLI runs on temporary
 * fleets, file-system situations, the schema check's own unit tests). Each must name the code.
 */
const EXERCISED_IN: Partial<Record<DiagnosticCode, string>> = {
  SPEC_FILE_TOO_LARGE: 'test/spec/hostile.test.ts',
  SPEC_NOT_UTF8: 'test/spec/hostile.test.ts',
  SPEC_TOO_MANY_VALUES: 'test/spec/hostile.test.ts',
  SPEC_MULTIPLE_DOCUMENTS: 'test/spec/hostile.test.ts',
  SPEC_UNKNOWN_TAG: 'test/spec/hostile.test.ts',
  SPEC_UNDEFINED_ALIAS: 'test/spec/hostile.test.ts',
  SPEC_UNWRITABLE_TEXT: 'test/spec/hostile.test.ts',
  SPEC_OUT_OF_RANGE: 'test/cli/everyday-bugs.test.ts',
  SPEC_DOMAIN_ZONE_INVALID: 'test/spec/fuzz-regressions.test.ts',
  SPEC_DOMAIN_TOO_LONG: 'test/spec/fuzz-regressions.test.ts',
  SPEC_OBJECTIVE_PERCENT: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_THRESHOLD: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_PERIOD: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_NOT_FOR_KIND: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_DISABLE_NO_EFFECT: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_SET_AND_DISABLED: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_LATENCY_INCOMPLETE: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_NEEDS_SCHEDULE: 'src/spec/objectives.test.ts',
  SPEC_OBJECTIVE_RELAXED_WITHOUT_REASON: 'src/spec/objectives.test.ts',
  SPEC_README_HEADER: 'test/spec/sibling-files.test.ts',
  SPEC_BIGQUERY_SCHEMA_MISSING: 'test/spec/sibling-files.test.ts',
  SPEC_BIGQUERY_SCHEMA: 'test/spec/sibling-files.test.ts',
  SPEC_ID_DIR_MISMATCH: 'test/cli/everyday-bugs.test.ts',
  PLATFORM_UNKNOWN_KEY: 'src/spec/objectives.test.ts',
  PLATFORM_MISSING_KEY: 'src/platform-stack/platform-stack.test.ts',
  PLATFORM_INVALID_VALUE: 'src/platform-stack/platform-stack.test.ts',
  PLATFORM_DUPLICATE: 'src/platform-stack/platform-stack.test.ts',
  PLATFORM_FORBIDDEN_PERMISSION: 'test/generate/access-policy.test.ts',
  PLATFORM_FORBIDDEN_ROLE: 'test/generate/access-policy.test.ts',
  PLATFORM_CHANNEL_SECRET_VISIBLE: 'test/generate/access-policy.test.ts',
  PLATFORM_OBJECTIVE_PERCENT: 'src/spec/objectives.test.ts',
  PLATFORM_OBJECTIVE_THRESHOLD: 'src/spec/objectives.test.ts',
  PLATFORM_OBJECTIVE_PERIOD: 'src/spec/objectives.test.ts',
  PLATFORM_PLACEHOLDER: 'test/cli/placeholders.test.ts',
  PLATFORM_NOT_PROVIDED: 'test/generate/platform-output.test.ts',
  FLEET_UNREADABLE: 'test/cli/safety.test.ts',
  FLEET_MISNAMED_SPEC: 'test/cli/safety.test.ts',
  FLEET_NO_SPEC: 'test/cli/safety.test.ts',
  FLEET_DUPLICATE_PROJECT: 'test/cli/everyday-bugs.test.ts',
  FLEET_OWNER_WITHOUT_TEAM: 'src/platform-stack/platform-stack.test.ts',
  TF_INVALID_DOCUMENT: 'src/terraform/check.test.ts',
  TF_PROVIDER_VERSION_MISMATCH: 'src/terraform/check.test.ts',
  TF_PROVIDER_NOT_REQUIRED: 'src/terraform/check.test.ts',
  TF_UNDECLARED_PROVIDER: 'src/terraform/check.test.ts',
  TF_UNKNOWN_RESOURCE_TYPE: 'src/terraform/check.test.ts',
  TF_UNKNOWN_ATTRIBUTE: 'src/terraform/check.test.ts',
  TF_MISSING_REQUIRED: 'src/terraform/check.test.ts',
  TF_COMPUTED_ONLY: 'src/terraform/check.test.ts',
  TF_DEPRECATED: 'src/terraform/check.test.ts',
  TF_ATTRIBUTE_EXPECTED: 'src/terraform/check.test.ts',
  TF_BLOCK_EXPECTED: 'src/terraform/check.test.ts',
  TF_TOO_MANY_BLOCKS: 'src/terraform/check.test.ts',
  TF_TOO_FEW_BLOCKS: 'src/terraform/check.test.ts',
  TF_TYPE_MISMATCH: 'src/terraform/check.test.ts',
  TF_UNDECLARED_REFERENCE: 'src/terraform/check.test.ts',
  TF_UNKNOWN_REFERENCE_ATTRIBUTE: 'src/terraform/check.test.ts',
  TF_SELF_REFERENCE: 'src/terraform/check.test.ts',
  TF_SENSITIVE_OUTPUT: 'src/terraform/check.test.ts',
  TF_NAME_TOO_LONG: 'src/terraform/check-names.test.ts',
  TF_NAME_TOO_SHORT: 'src/terraform/check-names.test.ts',
  TF_NAME_INVALID: 'src/terraform/check-names.test.ts',
  TF_CUSTOM_SYNTAX: 'src/terraform/check-custom.test.ts',
  TF_DUPLICATE_DECLARATION: 'src/terraform/check-custom.test.ts',
  IO_NOT_FOUND: 'test/cli/validate.test.ts',
  IO_NOT_A_FILE: 'test/cli/safety.test.ts',
  IO_OUTSIDE_FLEET: 'test/generate/ownership.test.ts',
  IO_UNEXPECTED_FILE: 'test/generate/ownership.test.ts',
  IO_ORPHANED_CUSTOM_FILE: 'test/generate/ownership.test.ts',
  IO_LEFTOVER: 'test/generate/ownership.test.ts',
  INTERNAL_ERROR: 'test/fleet/pool.test.ts',
  IMAGE_NOT_PINNED: 'test/images/resolve-images.test.ts',
  IMAGE_LOCK_UNUSED: 'test/images/resolve-images.test.ts',
  IMAGE_LOCK_UNREADABLE: 'src/images/lock.test.ts',
  IMAGE_LOCK_INVALID: 'src/images/lock.test.ts',
  IMAGE_LOCK_UNKNOWN_KEY: 'src/images/lock.test.ts',
  IMAGE_REFERENCE_INVALID: 'test/images/resolve-images.test.ts',
  IMAGE_NOT_FOUND: 'src/images/plan.test.ts',
  IMAGE_UNAUTHORIZED: 'src/images/plan.test.ts',
  IMAGE_TIMEOUT: 'src/images/plan.test.ts',
  IMAGE_NETWORK: 'src/images/plan.test.ts',
  IMAGE_DIGEST_MISMATCH: 'src/images/plan.test.ts',
  IMAGE_RATE_LIMITED: 'src/images/plan.test.ts',
  IMAGE_BAD_RESPONSE: 'src/images/plan.test.ts',
};

describe('every declared code is produced by a test', () => {
  const marked = markedCodes();
  const REPO = join(import.meta.dirname, '..', '..');
  for (const e of catalogue()) {
    const run = CASES[e.code];
    if (run)
      test(`${e.code}: its case produces it`, () => {
        const diags = run();
        for (const d of diags) assert.ok(isDiagnosticCode(d.code), `undeclared code ${d.code}`);
        assert.ok(
          diags.some((d) => d.code === e.code),
          `${e.code} not produced; got ${diags.map((d) => d.code).join(', ') || 'nothing'}`,
        );
      });
  }
  test('each code has a fixture marker, a case, or a test that asserts it', () => {
    const missing: string[] = [];
    for (const e of catalogue()) {
      const where = EXERCISED_IN[e.code];
      const covered =
        marked.has(e.code) ||
        CASES[e.code] !== undefined ||
        (where !== undefined && new RegExp(`\\b${e.code}\\b`).test(readFileSync(join(REPO, where), 'utf8')));
      if (NOT_YET_EXERCISED.includes(e.code))
        assert.ok(!covered, `${e.code} is exercised now: remove it from NOT_YET_EXERCISED`);
      else if (!covered) missing.push(e.code);
    }
    assert.deepEqual(missing, [], 'declared codes no test produces: add a fixture marker or a case');
  });
  test('fixture markers name declared codes only', () => {
    for (const c of marked) assert.ok(isDiagnosticCode(c), `a fixture marks ${c}, which no table declares`);
  });
});
