/** The generated reference files under docs/: JSON Schemas, the key tables, names and diagnostic codes. */

import { renderDiagnosticsDoc } from '../diagnostics/catalogue-doc.ts';
import { platformJsonSchema } from '../platform/schema.ts';
import { renderNamingDoc } from '../terraform/naming-doc.ts';
import { renderReference } from './reference-doc.ts';
import { serviceJsonSchema } from './schema.ts';

export function referenceDocs(): { path: string; content: string }[] {
  const service = serviceJsonSchema();
  const platform = platformJsonSchema();
  return [
    { path: 'docs/schema/service.schema.json', content: `${JSON.stringify(service, null, 2)}\n` },
    { path: 'docs/schema/platform.schema.json', content: `${JSON.stringify(platform, null, 2)}\n` },
    {
      path: 'docs/spec-reference.md',
      content: renderReference(
        service,
        'service.yaml reference',
        'Every key of `services/<id>/service.yaml`, generated from the schema the validator uses. Rules that span keys (project ID format, memory/CPU pairs, cron intervals, rollout stages, ...) are listed in [validation.md](validation.md); defaults are applied as described there.',
        'src/spec/schema.ts',
      ),
    },
    {
      path: 'docs/platform-reference.md',
      content: renderReference(
        platform,
        'platform.yaml reference',
        'Every key of the platform config at the fleet root, generated from its schema. See [platform-config.md](platform-config.md) for the built-in defaults and examples.',
        'src/platform/schema.ts',
      ),
    },
    { path: 'docs/naming.md', content: renderNamingDoc() },
    { path: 'docs/diagnostics.md', content: renderDiagnosticsDoc() },
  ];
}
