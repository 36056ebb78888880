import { hasErrors, type Result, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { validateShape } from '../schema/zod-diagnostics.ts';
import { attachRanges, parseYamlSource } from '../source/yaml-document.ts';
import { platformDefaults } from './defaults.ts';
import { BUILTIN_PLATFORM, type PlatformConfig } from './model.ts';
import { platformPlaceholders } from './placeholders.ts';
import { checkPlatformRules } from './rules.ts';
import { platformSchema } from './schema.ts';

/** The file name looked for at the fleet root. */
export const PLATFORM_FILE = 'platform.yaml';

/**
 * Parses and validates a platform config. Pure: takes the text, returns the resolved config
 * (only when there are no errors) and located diagnostics. Never throws.
 */
export function parsePlatformConfig(input: string | Uint8Array, file: string): Result<PlatformConfig> {
  const parsed = parseYamlSource(file, input, 'PLATFORM');
  if (!parsed.value) return { diagnostics: parsed.diagnostics.map((d) => ({ ...d, file })) };
  const src = parsed.value;
  const shape = validateShape(src, platformSchema, 'PLATFORM');
  if (!shape.value) return { diagnostics: sortDiagnostics(attachRanges(src, shape.diagnostics)) };
  // Checking, then defaults (docs/validation.md): the defaults step runs only on a config the
  // rules accept. Placeholders are warnings here; `generate` refuses them unless allowed.
  const checks = checkPlatformRules(shape.value);
  const placeholders = sortDiagnostics(attachRanges(src, platformPlaceholders(shape.value, file)));
  const diagnostics = sortDiagnostics([
    ...attachRanges(src, [...shape.diagnostics, ...checks]),
    ...placeholders,
  ]);
  return hasErrors(diagnostics)
    ? { diagnostics }
    : { value: { ...platformDefaults(shape.value, file), placeholders }, diagnostics };
}

let builtin: PlatformConfig | undefined;

/** The documented built-in platform config (docs/platform-config.md). */
export function builtinPlatform(): PlatformConfig {
  if (!builtin) {
    const source = 'built-in defaults';
    const problems = checkPlatformRules(BUILTIN_PLATFORM);
    if (problems.length > 0) throw new Error(`built-in platform config is invalid: ${problems[0]!.message}`);
    builtin = {
      ...platformDefaults(BUILTIN_PLATFORM, source),
      placeholders: platformPlaceholders(BUILTIN_PLATFORM, source),
    };
  }
  return builtin;
}
