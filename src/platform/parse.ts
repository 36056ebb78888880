import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { validateShape } from '../schema/zod-diagnostics.ts';
import { attachRanges, parseYamlSource } from '../source/yaml-document.ts';
import { BUILTIN_PLATFORM, type PlatformConfig } from './model.ts';
import { resolvePlatform } from './resolve.ts';
import { platformSchema } from './schema.ts';

/** The file name looked for at the fleet root. */
export const PLATFORM_FILE = 'platform.yaml';

/**
 * Parses and validates a platform config. Pure: takes the text, returns the resolved config
 * (only when there are no errors) and located diagnostics. Never throws.
 */
export function parsePlatformConfig(
  input: string | Uint8Array,
  file: string,
): { value?: PlatformConfig; diagnostics: Diagnostic[] } {
  const parsed = parseYamlSource(file, input, 'PLATFORM');
  if (!parsed.source) return { diagnostics: parsed.diagnostics.map((d) => ({ ...d, file })) };
  const src = parsed.source;
  const shape = validateShape(src, platformSchema, 'PLATFORM');
  if (!shape.value) return { diagnostics: sortDiagnostics(attachRanges(src, shape.diagnostics)) };
  const resolved = resolvePlatform(shape.value, file);
  // Placeholders are warnings here; `generate` refuses them unless allowed.
  const placeholders = sortDiagnostics(attachRanges(src, resolved.value.placeholders));
  const diagnostics = sortDiagnostics([
    ...attachRanges(src, [...shape.diagnostics, ...resolved.diagnostics]),
    ...placeholders,
  ]);
  return hasErrors(diagnostics)
    ? { diagnostics }
    : { value: { ...resolved.value, placeholders }, diagnostics };
}

let builtin: PlatformConfig | undefined;

/** The documented built-in platform config (docs/platform-config.md). */
export function builtinPlatform(): PlatformConfig {
  if (!builtin) {
    const r = resolvePlatform(BUILTIN_PLATFORM, 'built-in defaults');
    if (r.diagnostics.length > 0)
      throw new Error(`built-in platform config is invalid: ${r.diagnostics[0]!.message}`);
    builtin = r.value;
  }
  return builtin;
}
