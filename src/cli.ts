// The command line: build, validate, query, stats, serve, link, load. Exit codes:
// 0 success, 1 the data is invalid, 2 wrong usage, 3 no usable built dataset,
// 4 the query failed, 7 a load into a store failed.

import { join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { build, compileAndValidate } from './build/pipeline.js';
import { DataError, ValidationError } from './build/errors.js';
import { DatasetUnavailableError, loadDataset, readManifest } from './store/loadDataset.js';
import { citationCff, codemeta, type PackageInfo } from './publish/citationFiles.js';
import { release, ReleaseError } from './publish/release.js';
import { datasetStats } from './store/stats.js';
import { formatResults, type OutputFormat } from './store/formatResults.js';
import { projectPath } from './model/paths.js';
import { CONFIG_OPTIONS, ConfigError, describeConfig, resolveConfig } from './http/config.js';
import { startServer } from './http/server.js';
import { runLinkVerify } from './link/verifyCommand.js';
import { CANDIDATES_FILE, readCandidates } from './link/linkFiles.js';
import { loadRelease, LoadError } from './load/loadRelease.js';
import { syntheticCorpus } from './corpus/synthetic.js';
import { StoreFileError } from './engine/remote/storeTarget.js';
import { log } from './log.js';

export const EXIT = { ok: 0, invalidData: 1, usage: 2, noDataset: 3, queryFailed: 4, linksFailed: 5, offline: 6, loadFailed: 7 } as const;

interface Command {
  summary: string;
  usage: string;
  /** Whether the command takes arguments besides its options. */
  positionals?: boolean;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

const progress = (message: string) => process.stderr.write(`… ${message}\n`);
const distOption = { dist: { type: 'string' as const, default: undefined } };
const distDir = (values: Record<string, unknown>) => (values.dist as string | undefined) ?? projectPath('dist');

// A boolean setting is a switch (--request-log) with its negation (--no-request-log).
const serveOptions = {
  ...Object.fromEntries(CONFIG_OPTIONS.flatMap((o): [string, { type: 'boolean' | 'string' }][] => (o.kind === 'boolean'
    ? [[o.flag, { type: 'boolean' }], [`no-${o.flag}`, { type: 'boolean' }]]
    : [[o.flag, { type: 'string' }]]))),
  build: { type: 'boolean' as const },
  data: { type: 'string' as const },
};

/**
 * Builds the dataset before serving. When the build fails and an earlier build is
 * there, that one is served and the failure is said loudly (and on /ready): a bad
 * edit must not take down a service that has good data.
 */
async function buildBeforeServing(dist: string, dataDir?: string): Promise<string | undefined> {
  try {
    await build({ outDir: dist, dataDir, progress });
    return undefined;
  } catch (error) {
    if (!(error instanceof DataError || error instanceof ValidationError)) throw error;
    if (!existsSync(join(dist, 'manifest.json'))) throw error;
    const banner = '!'.repeat(78);
    console.error(`${banner}\nTHE BUILD FAILED; SERVING THE LAST GOOD BUILD IN ${dist}.\n${error.message}\nFix the data and restart to serve it.\n${banner}`);
    return `the latest build failed (${error.message.split('\n')[0].slice(0, 300)}); serving the last good build`;
  }
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Serve the built dataset: SPARQL endpoint, linked-data pages, dumps, query UI, views.',
    usage: `delicacy serve [--build] [options]\n\n  --build                    build dist/ from data/ first; if that fails, serve the last good build\n  --data DIR                 with --build: the data folder (default data/)\n\nOptions (each also an environment variable; a switch --x also has --no-x):\n${CONFIG_OPTIONS.map((o) => `  --${o.flag.padEnd(26)} ${o.env.padEnd(26)} ${o.help}`).join('\n')}`,
    options: serveOptions,
    async run(values) {
      let config;
      try {
        config = resolveConfig(process.env, values as Record<string, string | boolean | undefined>);
      } catch (error) {
        if (error instanceof ConfigError) { console.error(error.message); return EXIT.usage; }
        throw error;
      }
      if (values.data !== undefined && !values.build) { console.error('--data only applies with --build.'); return EXIT.usage; }
      const staleReason = values.build ? await buildBeforeServing(config.dist, values.data as string | undefined) : undefined;
      const running = await startServer(config, { staleReason });
      console.log(`Delicacy ${running.context.manifest.version} serving ${running.context.manifest.quads} quads at ${running.url}\n${describeConfig(config)}`);
      const stop = (signal: string) => {
        log.info({ event: 'shutdown', signal });
        running.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      await new Promise(() => undefined);
      return EXIT.ok;
    },
  },
  build: {
    summary: 'Compile data/, validate it with the SHACL shapes, and write the dumps and VoID to dist/.',
    usage: 'delicacy build [--data DIR] [--out DIR]',
    options: { data: { type: 'string' }, out: { type: 'string' } },
    async run(values) {
      const result = await build({ dataDir: values.data as string | undefined, outDir: values.out as string | undefined, progress });
      const total = Object.values(result.timings).reduce((a, b) => a + b, 0);
      console.log(`Built ${result.quads.length} quads from ${result.files.length} files into ${result.outDir} in ${(total / 1000).toFixed(2)} s`);
      for (const dump of result.dumps) console.log(`  ${dump.name.padEnd(22)} ${String(dump.bytes).padStart(10)} bytes  sha256 ${dump.sha256}`);
      return EXIT.ok;
    },
  },
  validate: {
    summary: 'Compile data/ and check it against the shapes; writes nothing.',
    usage: 'delicacy validate [--data DIR]',
    options: { data: { type: 'string' } },
    async run(values) {
      const result = await compileAndValidate({ dataDir: values.data as string | undefined, progress });
      console.log(`Valid: ${result.quads.length} quads from ${result.files.length} files.`);
      return EXIT.ok;
    },
  },
  query: {
    summary: 'Run a SPARQL query against the built dataset (the union of its graphs) and print the results.',
    usage: 'delicacy query "SPARQL" [--format table|json|csv|tsv|turtle] [--dist DIR]',
    positionals: true,
    options: { format: { type: 'string', default: 'table' }, ...distOption },
    async run(values, positionals) {
      const query = positionals.join(' ').trim();
      if (!query) { console.error('Give the query as an argument: delicacy query "SELECT ..."'); return EXIT.usage; }
      const format = values.format as OutputFormat;
      if (!['table', 'json', 'csv', 'tsv', 'turtle'].includes(format)) { console.error(`Unknown --format ${format}`); return EXIT.usage; }
      const { store } = loadDataset(distDir(values));
      try {
        process.stdout.write(formatResults(store, query, format));
      } catch (error) {
        console.error(`Query failed: ${(error as Error).message}`);
        return EXIT.queryFailed;
      }
      return EXIT.ok;
    },
  },
  link: {
    summary: 'link verify: check every Wikidata link and candidate against Wikidata; promote unambiguous candidates.',
    usage: 'delicacy link verify [--api URL] [--write] [--report FILE] [--only links|candidates] [--dist DIR]\n\n' +
      '  --api URL      Wikibase API (default https://www.wikidata.org/w/api.php)\n' +
      '  --write        update data/links/*.yaml: add promoted candidates as links (with evidence), follow redirects\n' +
      '  --report FILE  also write the report as Markdown\n' +
      'Exit codes: 0 all links hold, 5 a link no longer holds (mismatch, redirect, missing), 6 Wikidata unreachable.',
    options: { api: { type: 'string' }, write: { type: 'boolean', default: false }, report: { type: 'string' }, only: { type: 'string' }, ...distOption },
    positionals: true,
    async run(values, positionals) {
      if (positionals[0] !== 'verify') { console.error('Usage: delicacy link verify [options]'); return EXIT.usage; }
      return runLinkVerify({
        api: (values.api as string | undefined) ?? 'https://www.wikidata.org/w/api.php',
        dist: distDir(values),
        write: Boolean(values.write),
        report: values.report as string | undefined,
        only: values.only as 'links' | 'candidates' | undefined,
      });
    },
  },
  citation: {
    summary: 'Print CITATION.cff for the built dataset; --write also rewrites CITATION.cff and codemeta.json.',
    usage: 'delicacy citation [--write] [--dist DIR]',
    options: { write: { type: 'boolean', default: false }, ...distOption },
    async run(values) {
      const manifest = readManifest(distDir(values));
      const cff = citationCff(manifest);
      if (!values.write) { process.stdout.write(cff); return EXIT.ok; }
      writeFileSync(projectPath('CITATION.cff'), cff);
      writeFileSync(projectPath('codemeta.json'), codemeta(manifest, readPackage()));
      console.log(`Wrote CITATION.cff and codemeta.json for version ${manifest.version}.`);
      return EXIT.ok;
    },
  },
  release: {
    summary: 'Release the current data as version X.Y.Z (package.json): releases/X.Y.Z/ with dumps, VoID, change list, citation and RO-Crate.',
    usage: 'delicacy release [--version X.Y.Z] [--data DIR] [--releases DIR] [--date YYYY-MM-DD]\n\n' +
      'Builds and validates the data, compares it with the previous release (its delicacy.nq.gz) and writes\n' +
      'releases/<version>/: compressed dumps, void.ttl (version, date, prov:wasRevisionOf), CHANGES.md and changes.json,\n' +
      'CITATION.cff, LICENSE and ro-crate-metadata.json; then rewrites CITATION.cff and codemeta.json at the root.\n' +
      'Exit codes: 0 released, 1 invalid data, 2 the version is already released or older than the last release.',
    options: { version: { type: 'string' }, data: { type: 'string' }, releases: { type: 'string' }, date: { type: 'string' } },
    async run(values) {
      let result;
      try {
        result = await release({ version: values.version as string | undefined, dataDir: values.data as string | undefined, releasesDir: values.releases as string | undefined, issued: values.date as string | undefined, progress });
      } catch (error) {
        if (error instanceof ReleaseError) { console.error(error.message); return EXIT.usage; }
        throw error;
      }
      const { dir, manifest, changes } = result;
      const kinds = Object.entries(changes.summary).map(([kind, n]) => `  ${kind.padEnd(16)} +${n.added} -${n.removed} ~${n.changed}`).join('\n');
      console.log(`Released ${manifest.version} (${manifest.issued}) in ${dir}${changes.from ? `, compared with ${changes.from}` : ' (first release)'}:\n${kinds || '  no entity changed'}`);
      if (!values.releases) {
        writeFileSync(projectPath('CITATION.cff'), citationCff(manifest));
        writeFileSync(projectPath('codemeta.json'), codemeta(manifest, readPackage()));
        console.log('Rewrote CITATION.cff and codemeta.json. Run `npm run build` so the service serves this version, and commit the release folder.');
      }
      return EXIT.ok;
    },
  },
  load: {
    summary: 'Bulk-load a built release into an existing triple store (blue/green) and switch its servers to it atomically.',
    usage: 'delicacy load --into STORE.json [--dist DIR] [--grace-ms N] [--threads N]\n\n' +
      '  --into STORE.json  the store file naming the store\'s two slots (docs/scaling.md); servers run with --store STORE.json\n' +
      '  --dist DIR         the built release to load (default dist/)\n' +
      '  --grace-ms N       how long the slot that stops serving is left to the queries still running on it (default 70000)\n' +
      '  --threads N        loader threads in the store (default 2)\n' +
      'The release goes into the slot that is not serving; once it is loaded and checked, the store file is switched in one rename.\n' +
      'Exit codes: 0 loaded and switched, 2 wrong usage or no usable store file, 3 no built release, 7 the load failed (nothing was switched).',
    options: { into: { type: 'string' }, 'grace-ms': { type: 'string' }, threads: { type: 'string' }, ...distOption },
    async run(values) {
      if (!values.into) { console.error('Give the store file: delicacy load --into STORE.json'); return EXIT.usage; }
      const graceMs = Number(values['grace-ms'] ?? 70_000);
      const threads = Number(values.threads ?? 2);
      if (!Number.isFinite(graceMs) || graceMs < 0 || !Number.isInteger(threads) || threads < 1) { console.error('--grace-ms must be a number of ms, --threads a positive integer.'); return EXIT.usage; }
      const started = Date.now();
      try {
        const report = await loadRelease({ into: values.into as string, dist: distDir(values), graceMs, threads, progress: (m) => progress(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${m}`) });
        console.log(`Loaded ${report.version}: ${report.quads} quads in ${report.graphs} graphs into slot ${report.slot} in ${(report.ms / 1000).toFixed(1)} s, and switched to it.`);
        return EXIT.ok;
      } catch (error) {
        if (error instanceof StoreFileError) { console.error(error.message); return EXIT.usage; }
        if (error instanceof LoadError) { console.error(error.message); return EXIT.loadFailed; }
        throw error;
      }
    },
  },
  corpus: {
    summary: 'Write a synthetic corpus: the built release copied as N articles of the same shape with distinct IRIs (for scaling tests).',
    usage: 'delicacy corpus --factor N --out DIR [--dist DIR]\n\n' +
      'DIR is a release folder like dist/ (N-Quads dump, VoID, manifest, reconciliation records): serve it with --dist DIR, or load it with delicacy load --dist DIR.',
    options: { factor: { type: 'string' }, out: { type: 'string' }, ...distOption },
    async run(values) {
      const factor = Number(values.factor);
      if (!Number.isInteger(factor) || factor < 1 || !values.out) { console.error('Give --factor N (a positive integer) and --out DIR.'); return EXIT.usage; }
      const started = Date.now();
      const report = await syntheticCorpus(distDir(values), factor, values.out as string, progress);
      console.log(`Wrote ${report.articles} articles, ${report.quads} quads, into ${report.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return EXIT.ok;
    },
  },
  stats: {
    summary: 'Count what the built dataset holds, per class.',
    usage: 'delicacy stats [--json] [--dist DIR]',
    options: { json: { type: 'boolean', default: false }, ...distOption },
    async run(values) {
      const { store, manifest } = loadDataset(distDir(values));
      const stats = datasetStats(store);
      if (existsSync(CANDIDATES_FILE)) stats.push({ name: 'Wikidata link candidates', cls: 'data/links/candidates.yaml', count: readCandidates().length });
      if (values.json) console.log(JSON.stringify({ version: manifest.version, quads: manifest.quads, counts: stats }, null, 2));
      else {
        console.log(`Dataset ${manifest.version}, built ${manifest.modified}: ${manifest.quads} quads`);
        for (const stat of stats) console.log(`  ${stat.name.padEnd(28)} ${String(stat.count).padStart(6)}  (${stat.cls})`);
      }
      return EXIT.ok;
    },
  },
};

export function readPackage(): PackageInfo {
  return JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as PackageInfo;
}

function help(): string {
  return ['Usage: delicacy <command> [options]   (delicacy <command> --help for details)', '',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)].join('\n');
}

export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') { console.log(help()); return name ? EXIT.ok : EXIT.usage; }
  const command = COMMANDS[name];
  if (!command) { console.error(`Unknown command '${name}'.\n${help()}`); return EXIT.usage; }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: ${command.usage}`);
    return EXIT.usage;
  }
  if (parsed.values.help) { console.log(`${command.summary}\n\nUsage: ${command.usage}`); return EXIT.ok; }
  if (!command.positionals && parsed.positionals.length > 0) {
    console.error(`Unexpected argument '${parsed.positionals[0]}' (switches such as --request-log take no value; use --no-request-log to turn one off).\nUsage: ${command.usage}`);
    return EXIT.usage;
  }
  try {
    return await command.run(parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof DataError || error instanceof ValidationError) { console.error(error.message); return EXIT.invalidData; }
    if (error instanceof DatasetUnavailableError) { console.error(error.message); return EXIT.noDataset; }
    throw error;
  }
}
