// Bundles the browser code of the views (src/web/client/*.ts, with Cytoscape)
// into build/web/, served at /assets/js/. No CDN: everything is served by us.

import { build } from 'esbuild';
import { projectPath } from '../model/paths.js';

export const VIEW_BUNDLES = ['network', 'timeline', 'accounts', 'queryUi', 'search', 'cytoscapeBundle'] as const;

export async function bundleViews(): Promise<void> {
  await build({
    entryPoints: VIEW_BUNDLES.map((name) => projectPath('src', 'web', 'client', `${name}.ts`)),
    outdir: projectPath('build', 'web'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['es2020'],
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bundleViews().catch((error) => { console.error(error); process.exit(1); });
}
