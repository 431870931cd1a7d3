// What can be tested of the deployment without a Docker engine: every file the
// Dockerfile copies exists or is produced by the build it runs, and the image's
// start command serves and shuts down cleanly outside Docker.

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { projectPath } from '../src/model/paths.js';
import { testDist } from './fixtures/testDist.js';

const dockerfile = readFileSync(projectPath('Dockerfile'), 'utf8');

describe('Dockerfile', () => {
  it('copies only files that exist in the repository or that the build stage produces', () => {
    const produced = ['build', 'dist', 'node_modules'];
    const copies = [...dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(.+)\s+\S+$/gm)].map((m) => m[1].trim().split(/\s+/)).flat();
    expect(copies.length).toBeGreaterThan(10);
    for (const source of copies) {
      const path = source.replace(/^\/app\//, '');
      if (produced.some((p) => path === p || path.startsWith(`${p}/`))) continue;
      expect(existsSync(projectPath(path)), source).toBe(true);
    }
    const packageJson = JSON.parse(readFileSync(projectPath('package.json'), 'utf8'));
    expect(dockerfile).toContain('RUN npm run build');
    expect(packageJson.scripts.build).toBeTruthy();
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/ready/);
    expect(dockerfile).toContain('CMD ["node", "bin/delicacy.js", "serve"]');
  });

  it("runs the image's start command outside Docker: serves, then drains and exits on SIGTERM", async () => {
    const child = spawn(process.execPath, [projectPath('bin', 'delicacy.js'), 'serve'], {
      cwd: projectPath(), env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DELICACY_DIST: testDist(), REQUEST_LOG: 'false', QUERY_WORKERS: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${output}`)), 20_000);
      child.stdout.on('data', () => {
        const match = /serving \d+ quads at (http:\/\/\S+)/.exec(output);
        if (match) { clearTimeout(timer); resolve(match[1]); }
      });
    });
    expect(output).toMatch(/max-results\s+10000/);
    const ready = await fetch(`${url}ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output).toContain('"event":"shutdown"');
  });
});
