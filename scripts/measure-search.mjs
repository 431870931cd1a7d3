// Measures a server's memory with site search: RSS at /ready, settled and peak RSS once /search and
// reconciliation answer (VmRSS sampled every 100 ms, all threads), then the p50 of 60 /search requests
// (12 queries of every kind). The figures of docs/scaling.md, "Site search at 100×":
//
//   node scripts/measure-search.mjs /tmp/corpus-x100 [port]
//
// The server runs with 2 query workers and no request log, and is stopped with SIGTERM at the end.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const dist = process.argv[2]; const port = process.argv[3] ?? '3917';
const t0 = Date.now();
const child = spawn('node', ['bin/delicacy.js', 'serve', '--dist', dist, '--port', port, '--no-request-log'], { env: { ...process.env, QUERY_WORKERS: '2' }, stdio: ['ignore', 'ignore', 'inherit'] });
const rss = () => { try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024; } catch { return 0; } };
let peak = 0; const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 100);
const url = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ok = async (path, init) => { try { const r = await fetch(url + path, init); await r.arrayBuffer(); return r.status; } catch { return 0; } };
const out = {};
try {
  while ((await ok('/ready')) !== 200) { if (child.exitCode !== null) throw new Error('server exited'); await sleep(100); }
  out.readyS = (Date.now() - t0) / 1000; out.rssAtReadyMB = Math.round(rss()); out.peakAtReadyMB = Math.round(peak);
  let search = 0, recon = false;
  while (search !== 200 || !recon) {
    if (search !== 200) { search = await ok('/search?q=Maisky&format=json'); if (search === 200) out.searchS = (Date.now() - t0) / 1000; else if (search !== 503) { (out.searchStatuses ??= []).push(search); if (out.searchStatuses.length > 20) search = 200; } }
    if (!recon) { const m = await (await fetch(url + '/metrics')).text(); recon = /delicacy_reconcile_ready 1/.test(m); if (recon) out.reconS = (Date.now() - t0) / 1000; }
    await sleep(200);
  }
  await sleep(3000);
  out.rssSettledMB = Math.round(rss()); out.peakBeforeQueriesMB = Math.round(peak);
  const queries = ['Maisky', 'Майский', 'Molotow', 'FO 371/23682', 'N5342/92/38', 'DVP XXII/2 190', 'fn 38', 'II.26', 'Q134949', 'trade negotiations', 'Finland', 'prepared to do more in the direction of improving trade'];
  const times = {};
  for (let rep = 0; rep < 5; rep++) for (const q of queries) {
    const t = performance.now(); const r = await fetch(`${url}/search?format=json&q=${encodeURIComponent(q)}`); const text = await r.text(); let body = {}; try { body = JSON.parse(text); } catch { body = { total: `status ${r.status}: ${text.slice(0, 80)}` }; } (times[q] ??= []).push(performance.now() - t);
    if (rep === 0) (out.firstHits ??= {})[q] = `${body.total} ${body.groups?.[0]?.hits?.[0]?.iri?.replace('https://w3id.org/delicacy/id/', '')}`;
  }
  const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  out.p50ms = Object.fromEntries(Object.entries(times).map(([q, t]) => [q, Math.round(med(t))]));
  out.p50AllMs = Math.round(med(Object.values(times).flat()));
  out.peakWithQueriesMB = Math.round(peak); out.rssEndMB = Math.round(rss());
} finally {
  clearInterval(sampler); child.kill('SIGTERM');
}
console.log(JSON.stringify(out, null, 1));
