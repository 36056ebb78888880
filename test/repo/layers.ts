/**
 * The layer list and the IO list of `src/`, written once: ARCHITECTURE.md ("Layers" and "IO
 * modules") describes them and points here; `dependencies.test.ts` enforces them over every
 * import. A folder may import its own modules and folders of lower layers only (never a higher
 * layer, never another folder of its own layer), so no cycle between folders can form.
 */

export interface Layer {
  name: string;
  /** Folders under `src/`. */
  folders: readonly string[];
}

export interface LayerRule {
  /** Lowest first. */
  layers: readonly Layer[];
}

export interface IoRule {
  /**
   * The modules that may touch the file system, other processes, the network, threads, the
   * process itself, the clock or randomness: paths from the repository root; a path ending in `/`
   * is a whole folder.
   */
  modules: readonly string[];
  /** Node modules (without `node:`) only IO modules may import. */
  nodeModules: readonly string[];
  /** Functions of otherwise pure Node modules only IO modules may import (`module.name`). */
  nodeFunctions: readonly string[];
}

export const LAYER_RULE: LayerRule = {
  layers: [
    { name: 'diagnostics', folders: ['diagnostics'] },
    { name: 'languages', folders: ['source', 'terraform', 'query', 'contract'] },
    { name: 'schema', folders: ['schema'] },
    { name: 'platform config', folders: ['platform'] },
    { name: 'service spec', folders: ['spec'] },
    { name: 'naming', folders: ['naming'] },
    { name: 'urls', folders: ['urls'] },
    { name: 'images', folders: ['images'] },
    { name: 'models', folders: ['alerts', 'rollout'] },
    { name: 'pipeline', folders: ['pipeline'] },
    { name: 'service stacks', folders: ['stacks'] },
    { name: 'platform stacks', folders: ['platform-stack'] },
    { name: 'docs', folders: ['docs'] },
    { name: 'generation', folders: ['generate', 'bootstrap'] },
    { name: 'io', folders: ['io'] },
    { name: 'fleet', folders: ['fleet'] },
    { name: 'editor', folders: ['lsp'] },
    { name: 'cli', folders: ['cli'] },
  ],
};

export const IO_RULE: IoRule = {
  modules: ['src/io/', 'src/cli/', 'src/fleet/pool.ts', 'src/fleet/worker-entry.ts'],
  nodeModules: [
    'fs',
    'fs/promises',
    'child_process',
    'net',
    'http',
    'https',
    'http2',
    'dgram',
    'dns',
    'tls',
    'worker_threads',
    'cluster',
    'os',
    'process',
    'readline',
    'inspector',
  ],
  nodeFunctions: [
    'crypto.randomBytes',
    'crypto.randomUUID',
    'crypto.randomInt',
    'crypto.randomFillSync',
    'crypto.getRandomValues',
  ],
};
