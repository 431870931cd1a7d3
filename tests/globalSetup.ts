// Builds the real dataset once per test run into test-output/dist, so tests use
// fresh data without depending on (or disturbing) the developer's dist/.

import { join } from 'node:path';
import { build } from '../src/build/pipeline.js';
import { projectPath } from '../src/model/paths.js';
import { removeSharedTestStore } from './fixtures/virtuoso.js';

export default async function setup(): Promise<() => Promise<void>> {
  const outDir = join(projectPath('test-output'), 'dist');
  await removeSharedTestStore(); // one a killed run left behind
  await build({ outDir });
  process.env.DELICACY_TEST_DIST = outDir;
  // The shared Virtuoso, if a remote-engine suite started one.
  return () => removeSharedTestStore();
}
