/**
 * The editor modeline of the fleet's YAML files: `# yaml-language-server: $schema=<target>`,
 * read by yaml-language-server (VS Code's YAML extension and others) and JetBrains IDEs. Shared
 * by the texts `msp init` writes for platform.yaml and service.yaml (docs/fleet-schema.md).
 */

/** The modeline line (no newline) pointing an editor at the JSON Schema `target`. */
export function modeline(target: string): string {
  return `# yaml-language-server: $schema=${target}`;
}
