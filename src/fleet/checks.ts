/**
 * Rules across the fleet (stage 3 of validation): service IDs, project IDs and domains are
 * unique across services. Each duplicate is reported in the spec that uses it second, with a
 * note at its first use (`related`: the other file and key path; the message does not name it).
 * Pure: specs in, diagnostics with key paths out; the caller locates both ends (`locateInFiles`
 * in `io/load.ts`). That each spec lives in `services/<service.id>/` is checked per spec by the
 * spec pipeline (`pipeline/parse-spec.ts`), given the folder by `io/load.ts`.
 */
import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import type { RawServiceSpec } from '../spec/schema.ts';

export interface FleetEntry {
  dirName: string;
  file: string;
  raw: RawServiceSpec;
}

interface FirstUse {
  file: string;
  path: KeyPath;
}

export function checkFleet(entries: readonly FleetEntry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const projects = new Map<string, FirstUse>();
  const domains = new Map<string, FirstUse>();
  const ids = new Map<string, FirstUse>();
  const note = (first: FirstUse, what: string) => [
    { message: `${what} first used here`, file: first.file, path: first.path },
  ];
  for (const e of entries) {
    const id = e.raw.service.id;
    const prevId = ids.get(id);
    if (prevId)
      out.push(
        error('FLEET_DUPLICATE_SERVICE', `Service id "${id}" is used by another service`, ['service', 'id'], {
          file: e.file,
          hint: 'Give each service its own id (and folder services/<id>/).',
          related: note(prevId, `service id "${id}"`),
        }),
      );
    else ids.set(id, { file: e.file, path: ['service', 'id'] });
    (e.raw.environments ?? []).forEach((env, i) => {
      if (!env) return;
      const prev = projects.get(env.projectID);
      const projectPath = ['environments', i, 'projectID'];
      if (prev && prev.file !== e.file)
        out.push(
          error(
            'FLEET_DUPLICATE_PROJECT',
            `Project ID "${env.projectID}" is used by another service`,
            projectPath,
            {
              file: e.file,
              detail: 'Each environment needs its own GCP project.',
              hint: `Create a new project ID for this environment: msp init-env prints one (<service>-<env>-<hex>).`,
              related: note(prev, `project ID "${env.projectID}"`),
            },
          ),
        );
      else if (!prev) projects.set(env.projectID, { file: e.file, path: projectPath });
      const cf = env.domain?.type === 'cloudflare' ? env.domain.cloudflare : undefined;
      if (cf?.subdomain && cf.zone) {
        const dns = `${cf.subdomain}.${cf.zone}`;
        const p = domains.get(dns);
        const domainPath = ['environments', i, 'domain', 'cloudflare', 'subdomain'];
        if (p && p.file !== e.file)
          out.push(
            error('FLEET_DUPLICATE_DOMAIN', `Domain "${dns}" is used by another service`, domainPath, {
              file: e.file,
              hint: 'Choose another subdomain: one domain can point at one service only.',
              related: note(p, `domain "${dns}"`),
            }),
          );
        else if (!p) domains.set(dns, { file: e.file, path: domainPath });
      }
    });
  }
  return out;
}
