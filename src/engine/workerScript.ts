// Where a worker thread's script is: beside this module once compiled; under the
// test runner (which runs src/*.ts) the compiled copy in build/, because worker
// threads cannot load TypeScript.

import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectPath } from '../model/paths.js';

/** `relative` is the script's path from src/, without extension: 'engine/embedded/queryWorker', 'http/search/worker'. */
export function workerScript(relative: string): URL {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return new URL(`../${relative}.js`, import.meta.url);
  const compiled = projectPath('build', 'src', ...relative.split('/').slice(0, -1), `${relative.split('/').pop()}.js`);
  if (!existsSync(compiled)) throw new Error(`The worker script is not compiled (${compiled}); run \`npm run compile\`.`);
  return pathToFileURL(compiled);
}
