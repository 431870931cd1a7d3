// The fairness table alone (it is also part of npm run bench):
//   npm run build && node build/bench/fairness.js
// BENCH_NO_VIRTUOSO=1 skips Virtuoso.

import { join } from 'node:path';
import { projectPath } from '../src/model/paths.js';
import { startOurs, startVirtuoso } from './lib/servers.js';
import { fairnessTable } from './lib/fairness.js';

const dist = projectPath('dist');
const ms = Number(process.env.BENCH_FAIRNESS_MS ?? 10_000);
const ours = await startOurs(dist, { QUERY_QUEUE: '64', QUERY_TIMEOUT_MS: '30000', WORKER_MEMORY_MB: '512' });
console.log('ours', JSON.stringify(await fairnessTable(ours.url, ms, 3000)));
await ours.stop();
if (process.env.BENCH_NO_VIRTUOSO !== '1') {
  const virtuoso = await startVirtuoso(join(projectPath('bench-output'), 'virtuoso-fairness'), join(dist, 'delicacy.nq'));
  console.log('virtuoso', JSON.stringify(await fairnessTable(virtuoso.url, ms, 3000)));
  await virtuoso.stop();
}
