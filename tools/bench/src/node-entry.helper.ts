// How the bench starts one of our Node entry points: the precompiled JavaScript in the project's dist/ (built by
// scripts/build-dist.js, run by `npm run bench`) when it exists, else the TypeScript source through swc-node.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Node flags of a precompiled process: `@switchyard/*` packages then resolve to their dist/ (package exports). */
export const PRECOMPILED_NODE_ARGS = ['--conditions=switchyard-dist'];

export interface NodeEntry {
  /** Arguments for process.execPath. */
  args: string[];
  precompiled: boolean;
  /** The file it runs. */
  file: string;
}

/** `src` is a project's `src/<name>.ts`; its precompiled twin is `dist/<name>.js`. Null when neither exists. */
export function nodeEntry(src: string): NodeEntry | null {
  const projectDir = path.dirname(path.dirname(src));
  const dist = path.join(projectDir, 'dist', `${path.basename(src, '.ts')}.js`);
  if (existsSync(dist)) return { args: [...PRECOMPILED_NODE_ARGS, dist], precompiled: true, file: dist };
  if (existsSync(src)) return { args: ['-r', require.resolve('@swc-node/register'), src], precompiled: false, file: src };
  return null;
}
