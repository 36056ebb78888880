/**
 * A real LSP client for tests and the benchmark: spawns the built CLI (`node dist/msp.js lsp
 * --stdio`) and speaks JSON-RPC to it over its stdin/stdout with vscode-languageserver-protocol.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type Diagnostic as LspDiagnostic,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const MSP_JS = join(import.meta.dirname, '..', '..', 'dist', 'msp.js');

export const uriOf = (path: string): string => pathToFileURL(path).href;

export interface LspClient {
  connection: ProtocolConnection;
  child: ChildProcess;
  /** The latest diagnostics published for each URI. */
  latest: Map<string, PublishDiagnosticsParams>;
  /** Text written to the server's stderr (it must stay quiet on stdout except for the protocol). */
  stderr: () => string;
  open: (path: string, text: string, languageId?: string) => void;
  /** Replaces the whole text of an open document (a full-content change). */
  change: (path: string, text: string) => void;
  close: (path: string) => void;
  /** Resolves with the next publication for `path` that satisfies `pred` (or the current one). */
  waitFor: (
    path: string,
    pred?: (d: LspDiagnostic[]) => boolean,
    timeoutMs?: number,
  ) => Promise<LspDiagnostic[]>;
  /** Resolves with the next publication for `path` after this call. */
  next: (path: string, timeoutMs?: number) => Promise<LspDiagnostic[]>;
  codeActions: (path: string, range: Range, diagnostics: LspDiagnostic[]) => Promise<CodeAction[]>;
  /** shutdown + exit; resolves with the server's exit code. */
  stop: () => Promise<number | null>;
}

/** Starts the server in `cwd` and completes the initialize handshake. */
export async function startLspClient(cwd: string, rootPath = cwd): Promise<LspClient> {
  const child = spawn(process.execPath, [MSP_JS, 'lsp', '--stdio'], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => {
    err += b.toString('utf8');
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; fn: (p: PublishDiagnosticsParams) => boolean }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    for (const w of [...waiters]) if (w.uri === p.uri && w.fn(p)) waiters.splice(waiters.indexOf(w), 1);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(rootPath),
    capabilities: {
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
    },
    workspaceFolders: [{ uri: uriOf(rootPath), name: 'fleet' }],
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const versions = new Map<string, number>();
  const wait = (
    path: string,
    pred: (d: LspDiagnostic[]) => boolean,
    timeoutMs: number,
    current: boolean,
  ): Promise<LspDiagnostic[]> => {
    const uri = uriOf(path);
    const have = latest.get(uri);
    if (current && have && pred(have.diagnostics)) return Promise.resolve(have.diagnostics);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        rej(
          new Error(
            `no matching diagnostics for ${path} within ${timeoutMs} ms; latest: ${JSON.stringify(latest.get(uri)?.diagnostics.map((d) => d.code))}\n${err}`,
          ),
        );
      }, timeoutMs);
      const w = {
        uri,
        fn: (p: PublishDiagnosticsParams) => {
          if (!pred(p.diagnostics)) return false;
          clearTimeout(timer);
          res(p.diagnostics);
          return true;
        },
      };
      waiters.push(w);
    });
  };
  return {
    connection,
    child,
    latest,
    stderr: () => err,
    open: (
      path,
      text,
      languageId = path.endsWith('.json') ? 'json' : path.endsWith('.md') ? 'markdown' : 'yaml',
    ) => {
      versions.set(path, 1);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path), languageId, version: 1, text },
      });
    },
    change: (path, text) => {
      const v = (versions.get(path) ?? 1) + 1;
      versions.set(path, v);
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path), version: v },
        contentChanges: [{ text }],
      });
    },
    close: (path) => {
      void connection.sendNotification(DidCloseTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path) },
      });
    },
    waitFor: (path, pred = () => true, timeoutMs = 30_000) => wait(path, pred, timeoutMs, true),
    next: (path, timeoutMs = 30_000) => wait(path, () => true, timeoutMs, false),
    codeActions: async (path, range, diagnostics) =>
      ((await connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: uriOf(path) },
        range,
        context: { diagnostics, only: ['quickfix'] },
      })) ?? []) as CodeAction[],
    stop: async () => {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}

/** Applies LSP text edits (one document) to a text. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const offset = (p: Range['start']) => {
    let o = 0;
    for (let l = 0; l < p.line; l++) o = text.indexOf('\n', o) + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
