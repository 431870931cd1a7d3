// Released versions of the dataset: one folder per version under releases/
// (made by `delicacy release`), each with the manifest of that build. The build
// reads them to know the version it revises (prov:wasRevisionOf) and whether the
// version it builds has been released already (and when).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

export interface ReleasedVersion {
  version: string;
  /** Release date, YYYY-MM-DD. */
  issued: string;
  dir: string;
}

/** The releases in a folder, oldest first; folders that are not releases are skipped. */
export function listReleases(releasesDir: string): ReleasedVersion[] {
  if (!existsSync(releasesDir)) return [];
  const out: ReleasedVersion[] = [];
  for (const name of readdirSync(releasesDir)) {
    const manifest = join(releasesDir, name, 'manifest.json');
    if (!semver.valid(name) || !existsSync(manifest)) continue;
    const { issued } = JSON.parse(readFileSync(manifest, 'utf8')) as { issued?: string };
    if (issued) out.push({ version: name, issued, dir: join(releasesDir, name) });
  }
  return out.sort((a, b) => semver.compare(a.version, b.version));
}

/** The latest release before a version. */
export function previousRelease(releases: ReleasedVersion[], version: string): ReleasedVersion | undefined {
  return releases.filter((r) => semver.lt(r.version, version)).pop();
}
