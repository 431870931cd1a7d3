// The corpus scaling table alone (it is also part of npm run bench):
//   npm run build && node build/bench/scaling.js
// BENCH_SCALES (default "1,10,100,1000"), BENCH_EMBEDDED_MAX (default 100),
// BENCH_NO_VIRTUOSO=1, BENCH_QUICK=1 (short phases). Prints Markdown.

import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { projectPath } from '../src/model/paths.js';
import { scalingTable } from './lib/scaling.js';

const quick = process.env.BENCH_QUICK === '1';
const out = join(projectPath('bench-output'), 'scaling');
mkdirSync(out, { recursive: true });
await scalingTable({
  dist: projectPath('dist'),
  out,
  factors: (process.env.BENCH_SCALES ?? '1,10,100,1000').split(',').map(Number).filter(Boolean),
  embeddedMax: Number(process.env.BENCH_EMBEDDED_MAX ?? 100),
  withVirtuoso: process.env.BENCH_NO_VIRTUOSO !== '1',
  phaseMs: quick ? 3000 : 10_000,
  samples: quick ? 7 : 25,
  say: (line = '') => console.log(line),
});
process.exit(0);
