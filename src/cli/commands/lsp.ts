import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { findFleetRoot, scanServices } from '../../io/discover.ts';
import { readLimited } from '../../io/load.ts';
import { startLanguageServer } from '../../lsp/server.ts';
import { type CliIO, UsageError } from '../io.ts';

/**
 * `msp lsp [--stdio]`: serves the Language Server Protocol on stdin/stdout (docs/editor.md).
 * Returns only when the process ends: the protocol's `exit` notification (or the editor closing
 * the pipe, or the `--clientProcessId` process ending) exits with 0 after a `shutdown` request,
 * 1 otherwise, as the protocol asks.
 */
export async function runLsp(_opts: { clientProcessId?: string }, io: CliIO): Promise<number> {
  if (!io.stdio) throw new UsageError('msp lsp needs standard input and output (run it from an editor)');
  // The connection reads `--clientProcessId` from the command line itself, and exits the process.
  const connection = createConnection(ProposedFeatures.all, io.stdio.input, io.stdio.output);
  startLanguageServer(connection, {
    readFile: readLimited,
    findFleet: findFleetRoot,
    scan: scanServices,
  });
  return new Promise<number>(() => {});
}
