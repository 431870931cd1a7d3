// `delicacy release`: freezes the current data as a version. Builds it (validated
// like any build) with compressed dumps, a VoID description of that version
// (owl:versionInfo, dcterms:issued, prov:wasRevisionOf the previous release, dumps
// at /dumps/<version>/), the change list against the previous release's N-Quads
// (changes.json for programs, CHANGES.md for people), CITATION.cff, the data
// licence, and RO-Crate deposit metadata, in releases/<version>/. A release
// folder is never overwritten: a new release needs a new version number.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import semver from 'semver';
import { build, DUMP_FILES, packageVersion } from '../build/pipeline.js';
import { listReleases, previousRelease } from '../build/versions.js';
import { METADATA_GRAPH } from '../build/dumps/void.js';
import { baseIri } from '../model/namespaces.js';
import { graphIri, versionIri } from '../model/iri.js';
import { projectPath } from '../model/paths.js';
import { type Manifest } from '../store/loadDataset.js';
import { changesMarkdown, computeChanges, type ChangeList } from './changes.js';
import { citationCff } from './citationFiles.js';
import { roCrate, type CrateFile } from './roCrate.js';

export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

export interface ReleaseOptions {
  version?: string;
  dataDir?: string;
  releasesDir?: string;
  /** Release date, YYYY-MM-DD (default today). */
  issued?: string;
  progress?: (message: string) => void;
}

export interface ReleaseResult {
  dir: string;
  manifest: Manifest;
  changes: ChangeList;
}

export const RELEASE_FILES = { changesJson: 'changes.json', changesMarkdown: 'CHANGES.md', crate: 'ro-crate-metadata.json', citation: 'CITATION.cff', licence: 'LICENSE' } as const;

const MEDIA_TYPES: Record<string, string> = {
  '.nq.gz': 'application/n-quads+gzip', '.trig.gz': 'application/trig+gzip', '.ttl.gz': 'text/turtle+gzip', '.jsonld.gz': 'application/ld+json+gzip',
  '.jsonld': 'application/ld+json', '.ttl': 'text/turtle', '.json': 'application/json', '.md': 'text/markdown', '.cff': 'application/x-yaml', LICENSE: 'text/plain',
};
const mediaTypeOf = (name: string) => Object.entries(MEDIA_TYPES).find(([suffix]) => name.endsWith(suffix))?.[1] ?? 'application/octet-stream';

/** The N-Quads of a release folder (compressed) or of a build folder. */
export function readReleaseNquads(dir: string): string {
  const gz = join(dir, DUMP_FILES.nquadsGz);
  if (existsSync(gz)) return gunzipSync(readFileSync(gz)).toString('utf8');
  return readFileSync(join(dir, DUMP_FILES.nquads), 'utf8');
}

export async function release(options: ReleaseOptions = {}): Promise<ReleaseResult> {
  const version = options.version ?? packageVersion();
  const releasesDir = options.releasesDir ?? projectPath('releases');
  const dir = join(releasesDir, version);
  if (existsSync(dir)) throw new ReleaseError(`Version ${version} is already released (${dir}); a release is never changed. Raise the version in package.json (npm version minor|patch) and release again.`);
  const releases = listReleases(releasesDir);
  const later = releases.find((r) => semver.gt(r.version, version));
  if (later) throw new ReleaseError(`Version ${version} is older than the released ${later.version}; raise the version.`);
  const previous = previousRelease(releases, version);
  const issued = options.issued ?? new Date().toISOString().slice(0, 10);

  const tmp = join(releasesDir, `.${version}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(releasesDir, { recursive: true });
  try {
    const result = await build({
      dataDir: options.dataDir, outDir: tmp, version, releasesDir, issued, compressedOnly: true, progress: options.progress,
      dumpBase: `${baseIri()}dumps/${encodeURIComponent(version)}/`, voidSubject: versionIri(version),
    });
    const manifest = result.manifest!;
    const changes = computeChanges(previous && { version: previous.version, nquads: readReleaseNquads(previous.dir) },
      { version, nquads: readReleaseNquads(tmp) }, graphIri(METADATA_GRAPH));
    writeFileSync(join(tmp, RELEASE_FILES.changesJson), `${JSON.stringify(changes, null, 2)}\n`);
    writeFileSync(join(tmp, RELEASE_FILES.changesMarkdown), changesMarkdown(changes, issued));
    writeFileSync(join(tmp, RELEASE_FILES.citation), citationCff(manifest));
    copyFileSync(projectPath('LICENSES', `${manifest.site!.licenceId}.txt`), join(tmp, RELEASE_FILES.licence));

    const titles: Record<string, string> = Object.fromEntries(manifest.dumps.map((d) => [d.name, d.title]));
    Object.assign(titles, {
      [DUMP_FILES.context]: 'JSON-LD context of the dumps', [DUMP_FILES.void]: 'VoID and DCAT description of this version',
      [DUMP_FILES.manifest]: 'Build manifest', [RELEASE_FILES.changesJson]: `Changes since ${previous?.version ?? 'nothing (first release)'}, machine-readable`,
      [RELEASE_FILES.changesMarkdown]: `Changes since ${previous?.version ?? 'nothing (first release)'}`, [RELEASE_FILES.citation]: 'How to cite this version (Citation File Format)',
      [RELEASE_FILES.licence]: `Licence of the data (${manifest.site!.licenceId})`,
    });
    const files: CrateFile[] = readdirSync(tmp).sort().map((name) => {
      const bytes = readFileSync(join(tmp, name));
      return { name, title: titles[name] ?? name, encodingFormat: mediaTypeOf(name), bytes: statSync(join(tmp, name)).size, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    writeFileSync(join(tmp, RELEASE_FILES.crate), `${JSON.stringify(roCrate(manifest, files), null, 2)}\n`);
    renameSync(tmp, dir);
    return { dir, manifest, changes };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
