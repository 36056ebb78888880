/**
 * `msp lsp`: the language server. It publishes exactly what `msp validate --all` reports
 * (codes, ranges, severities, messages, related notes) for service.yaml, platform.yaml and the
 * sibling files of each service, from the editor's unsaved text, and offers the validator's
 * "did you mean" suggestions as quick fixes. Everything the server knows about the disk comes
 * through `ServerHost`, so the wiring here is the only place LSP and msp meet.
 */
import { basename, dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  DidChangeWatchedFilesNotification,
  type Diagnostic as LspDiagnostic,
  type Range,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FileReader } from '../io/load.ts';
import { readFromText } from '../io/load.ts';
import { fileUri, LSP_SOURCE, toLspDiagnostic } from './convert.ts';
import { type FleetPlace, FleetSession } from './fleet-session.ts';
import { quickFixFor } from './quick-fix.ts';

/** The disk, as the server sees it (the CLI command passes the real one). */
interface ServerHost {
  /** Reads a file from disk (size-limited, regular files only). */
  readFile: FileReader;
  /** The fleet a folder belongs to (walking up), or undefined outside any fleet. */
  findFleet: (dir: string) => { root: string; platformFile?: string } | undefined;
  /** A fleet's service ids and unreadable service folders, from disk. */
  scan: (root: string) => { ids: string[]; problems: Diagnostic[] };
}

/** The files whose text msp reads, relative to a fleet root. */
type Role = { kind: 'platform' } | { kind: 'service'; id: string } | { kind: 'none' };

const SPEC_FILE = 'service.yaml';

/** What a file is to msp: the platform config, one of a service's inputs, or nothing. */
function roleOf(place: FleetPlace, path: string): Role {
  if (place.single) return path === place.single ? { kind: 'service', id: place.single } : { kind: 'none' };
  if (place.platformFile && path === place.platformFile) return { kind: 'platform' };
  const parts = relative(place.root, path).split(sep);
  if (parts.length === 3 && parts[0] === 'services' && parts[1] && !parts[1].startsWith('.')) {
    const name = parts[2]!;
    if (name === SPEC_FILE || name === 'README.md' || name.endsWith('.bigquerytable.json'))
      return { kind: 'service', id: parts[1] };
  }
  return { kind: 'none' };
}

interface Published {
  version: number | undefined;
  items: { msp: Diagnostic; lsp: LspDiagnostic }[];
}

/** Wires the server onto a connection; returns when the handlers are installed. */
export function startLanguageServer(connection: Connection, host: ServerHost): void {
  const documents = new TextDocuments(TextDocument);
  const sessions = new Map<string, FleetSession>();
  const published = new Map<string, Map<string, Published>>();
  const pending = new Set<string>();
  let watchRegistration = false;

  const pathOf = (uri: string): string | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };
  // Clients spell file URIs their own way (VS Code escapes `:` in drive letters): match open
  // documents by path, and publish under the client's own URI.
  const openDoc = (path: string): TextDocument | undefined =>
    documents.all().find((d) => pathOf(d.uri) === path);
  const openText = (path: string): string | undefined => openDoc(path)?.getText();
  const uriFor = (root: string, file: string): string => {
    const uri = fileUri(root, file);
    const path = pathOf(uri);
    return (path && openDoc(path)?.uri) ?? uri;
  };
  // Open documents are read from the editor, everything else from disk.
  const read: FileReader = (path) => {
    const text = openText(path);
    return text !== undefined ? readFromText(path, text) : host.readFile(path);
  };
  const scan = (root: string) => {
    const disk = host.scan(root);
    // A spec open in the editor but not saved yet is part of the fleet too.
    const ids = new Set(disk.ids);
    for (const doc of documents.all()) {
      const p = pathOf(doc.uri);
      const parts = p ? relative(root, p).split(sep) : [];
      if (parts.length === 3 && parts[0] === 'services' && parts[2] === SPEC_FILE && parts[1])
        ids.add(parts[1]);
    }
    return { ids: [...ids].sort(), problems: disk.problems };
  };

  /** The session a file belongs to, created on first use; undefined when msp does not read it. */
  const sessionFor = (path: string): { session: FleetSession; role: Role } | undefined => {
    const fleet = host.findFleet(dirname(path));
    const place: FleetPlace | undefined = fleet
      ? { root: fleet.root, ...(fleet.platformFile ? { platformFile: fleet.platformFile } : {}) }
      : basename(path) === SPEC_FILE
        ? { root: dirname(path), single: path }
        : undefined;
    if (!place) return undefined;
    const key = place.single ?? place.root;
    let session = sessions.get(key);
    // platform.yaml appeared or went away: the fleet is a different one now.
    if (session && session.place.platformFile !== place.platformFile) session = undefined;
    if (!session) {
      session = new FleetSession(place, { read, scan });
      sessions.set(key, session);
    }
    const role = roleOf(place, path);
    return role.kind === 'none' ? undefined : { session, role };
  };

  const changed = (path: string, rescan: boolean): void => {
    const found = sessionFor(path);
    if (!found) return;
    const { session, role } = found;
    if (role.kind === 'platform') session.invalidateAll();
    else if (role.kind === 'service') {
      session.invalidateService(role.id);
      if (rescan || !session.serviceIds().includes(role.id)) session.invalidateScan();
    }
    schedule(session);
  };

  // Changes arriving together (typing, a save of several files) are validated once.
  const schedule = (session: FleetSession): void => {
    const key = session.place.single ?? session.place.root;
    if (pending.has(key)) return;
    pending.add(key);
    setImmediate(() => {
      pending.delete(key);
      publish(session);
    });
  };

  const publish = (session: FleetSession): void => {
    const key = session.place.single ?? session.place.root;
    let perFile: Map<string, Diagnostic[]>;
    try {
      perFile = session.diagnostics();
    } catch (e) {
      // The pipeline never throws on input; if it does, it is a bug: report it, stay up.
      connection.console.error(`msp: internal error while validating ${key}: ${(e as Error)?.stack ?? e}`);
      return;
    }
    const before = published.get(key) ?? new Map<string, Published>();
    const now = new Map<string, Published>();
    for (const [file, diags] of perFile) {
      const uri = uriFor(session.place.root, file);
      const items = diags.map((d) => ({ msp: d, lsp: toLspDiagnostic(d, session.place.root) }));
      now.set(uri, { version: documents.get(uri)?.version, items });
    }
    // Every open document of the fleet hears back, even with nothing to report: its version
    // was validated.
    for (const doc of documents.all()) {
      const path = pathOf(doc.uri);
      if (path && !now.has(doc.uri) && roleOf(session.place, path).kind !== 'none')
        now.set(doc.uri, { version: doc.version, items: [] });
    }
    for (const [uri, p] of now)
      void connection.sendDiagnostics({
        uri,
        ...(p.version !== undefined ? { version: p.version } : {}),
        diagnostics: p.items.map((i) => i.lsp),
      });
    for (const uri of before.keys())
      if (!now.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published.set(key, now);
  };

  connection.onInitialize((params) => {
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'msp' },
    };
  });

  connection.onInitialized(() => {
    // Files changed outside the editor (a checkout, `msp init-env`) re-validate their fleet.
    if (watchRegistration)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/platform.yaml' },
          { globPattern: '**/services/*/{service.yaml,README.md,*.bigquerytable.json}' },
        ],
      });
  });

  documents.onDidOpen((e) => {
    const p = pathOf(e.document.uri);
    if (p) changed(p, false);
  });
  documents.onDidChangeContent((e) => {
    const p = pathOf(e.document.uri);
    if (p) changed(p, false);
  });
  // Closed without saving: the disk's text counts again (and a spec never saved is gone).
  documents.onDidClose((e) => {
    const p = pathOf(e.document.uri);
    if (p) changed(p, true);
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) {
      const p = pathOf(c.uri);
      if (p) changed(p, true);
    }
  });

  connection.onCodeAction((params): CodeAction[] => {
    const uri = params.textDocument.uri;
    const path = pathOf(uri);
    if (!path) return [];
    const doc = documents.get(uri);
    const actions: CodeAction[] = [];
    for (const p of published.values()) {
      const entry = p.get(uri);
      // Offsets are those of the text that was validated: a newer text waits for its diagnostics.
      if (!entry || (doc && entry.version !== doc.version)) continue;
      const text = doc?.getText() ?? decode(host.readFile(path).value);
      if (text === undefined) continue;
      for (const { msp, lsp } of entry.items) {
        if (lsp.source !== LSP_SOURCE || !overlaps(lsp.range, params.range)) continue;
        const fix = quickFixFor(msp, text);
        if (!fix) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          isPreferred: true,
          edit: {
            changes: {
              [uri]: [{ range: { start: lsp.range.start, end: lsp.range.end }, newText: fix.newText }],
            },
          },
        });
      }
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
}

function decode(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
