/**
 * Rules across the fleet (stage 3 of validation): project IDs and domains are unique across
 * services, and each spec lives in `services/<service.id>/`. Pure: specs in, diagnostics out.
 */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import type { RawServiceSpec } from '../spec/schema.ts';

export interface FleetEntry {
  dirName: string;
  file: string;
  raw: RawServiceSpec;
}

export function checkFleet(entries: readonly FleetEntry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const projects = new Map<string, string>();
  const domains = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const e of entries) {
    const id = e.raw.service.id;
    if (id !== e.dirName)
      out.push(
        error(
          'FLEET_DIR_MISMATCH',
          `Service id "${id}" does not match its directory "services/${e.dirName}"`,
          ['service', 'id'],
          {
            file: e.file,
            hint: `Rename the directory to services/${id}, or set id: ${e.dirName}.`,
          },
        ),
      );
    const prevId = ids.get(id);
    if (prevId)
      out.push(
        error('FLEET_DUPLICATE_SERVICE', `Service id "${id}" is also used by ${prevId}`, ['service', 'id'], {
          file: e.file,
        }),
      );
    else ids.set(id, e.file);
    (e.raw.environments ?? []).forEach((env, i) => {
      const prev = projects.get(env.projectID);
      if (prev && prev !== e.file)
        out.push(
          error(
            'FLEET_DUPLICATE_PROJECT',
            `Project ID "${env.projectID}" is also used by ${prev}`,
            ['environments', i, 'projectID'],
            {
              file: e.file,
              detail: 'Each environment needs its own GCP project.',
            },
          ),
        );
      else projects.set(env.projectID, e.file);
      const cf = env.domain?.type === 'cloudflare' ? env.domain.cloudflare : undefined;
      if (cf?.subdomain && cf.zone) {
        const dns = `${cf.subdomain}.${cf.zone}`;
        const p = domains.get(dns);
        if (p && p !== e.file)
          out.push(
            error(
              'FLEET_DUPLICATE_DOMAIN',
              `Domain "${dns}" is also used by ${p}`,
              ['environments', i, 'domain', 'cloudflare', 'subdomain'],
              { file: e.file },
            ),
          );
        else domains.set(dns, e.file);
      }
    });
  }
  return out;
}
