// The Docker image, built as Docker would build it but without a Docker engine
// (see tests/fixtures/dockerBuild.ts): the build context honours .dockerignore,
// each stage gets only what its COPY lines name, the build stage's RUN commands
// run in it, and the final stage's CMD serves, passes its HEALTHCHECK and the
// compose file's health check, serves its pages and assets, and drains on SIGTERM.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectPath } from '../src/model/paths.js';
import { assembleImage, buildContext, parseDockerfile, type AssembledImage } from './fixtures/dockerBuild.js';

const dockerfile = readFileSync(projectPath('Dockerfile'), 'utf8');

// End of security support of the Node.js LTS lines (nodejs.org release schedule).
const NODE_LTS_END: Record<number, string> = { 18: '2025-04-30', 20: '2026-04-30', 22: '2027-04-30', 24: '2028-04-30', 26: '2029-04-30' };

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a health-check command as Docker does (shell form through /bin/sh -c, exec form directly). */
function healthCheck(command: string | string[], cwd: string, env: Record<string, string>): number {
  const [file, ...args] = Array.isArray(command) ? command : ['/bin/sh', '-c', command];
  return spawnSync(file, args, { cwd, env, timeout: 10_000 }).status ?? -1;
}

describe('Dockerfile', () => {
  it('uses one maintained Node.js LTS line in every stage', () => {
    const stages = parseDockerfile(dockerfile);
    expect(stages.length).toBe(2);
    const majors = stages.map((stage) => {
      const match = /^node:(\d+)[-.]/.exec(stage.image);
      expect(match, `${stage.image} is an official node image with a major version`).toBeTruthy();
      return Number(match![1]);
    });
    expect(new Set(majors).size).toBe(1);
    const end = NODE_LTS_END[majors[0]];
    expect(end, `Node ${majors[0]} is an LTS line`).toBeDefined();
    expect(new Date(end).getTime(), `Node ${majors[0]} is supported until ${end}`).toBeGreaterThan(Date.now());
  });

  it('sends a build context without local builds, dependencies or git history', () => {
    const context = buildContext(projectPath());
    expect(context.has('package.json')).toBe(true);
    expect(context.has('data/dataset.yaml')).toBe(true);
    for (const excluded of ['node_modules/', 'dist/', 'build/', 'test-output/', '.git/']) {
      expect([...context].some((file) => file.startsWith(excluded)), excluded).toBe(false);
    }
  });
});

describe('the image, assembled and run outside Docker', () => {
  let work: string;
  let image: AssembledImage;
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'delicacy-image-'));
    // RUN sees a clean environment (as in a container), and npm reaches no registry.
    const runEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? '/root', '.npm'), npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    image = assembleImage(projectPath(), dockerfile, work, runEnv);
    port = await freePort();
    env = { PATH: runEnv.PATH, HOME: work, ...image.env, PORT: String(port), HOST: '127.0.0.1', REQUEST_LOG: 'false', QUERY_WORKERS: '1' };
  }, 300_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has the built dataset, the compiled code and only production dependencies', () => {
    const app = join(image.root, image.workdir);
    expect(image.workdir).toBe('/app');
    for (const path of ['dist/manifest.json', 'dist/delicacy.nq', 'dist/void.ttl', 'dist/reconcile-records.ndjson', 'build/src/cli.js', 'build/web', 'bin/delicacy.js', 'node_modules/oxigraph', 'node_modules/@zazuko/yasgui/build', 'releases']) {
      expect(existsSync(join(app, path)), path).toBe(true);
    }
    for (const devOnly of ['typescript', 'vitest', 'esbuild']) expect(existsSync(join(app, 'node_modules', devOnly)), devOnly).toBe(false);
    for (const source of ['data', 'shapes', 'src/build', 'tsconfig.json']) expect(existsSync(join(app, source)), source).toBe(false);
    expect(image.user).toBe('node');
    expect(image.cmd).toEqual(['node', 'bin/delicacy.js', 'serve']);
  });

  it('serves with its CMD, passes its health checks, serves pages and assets, and drains on SIGTERM', async () => {
    const app = join(image.root, image.workdir);
    const [command, ...args] = image.cmd;
    expect(healthCheck(image.healthcheck!.command, app, env), 'health check fails before the server runs').not.toBe(0);
    child = spawn(command === 'node' ? process.execPath : command, args, { cwd: app, env });
    child.stdout!.on('data', (chunk) => { output += chunk; });
    child.stderr!.on('data', (chunk) => { output += chunk; });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${output}`)), 30_000);
      child!.stdout!.on('data', () => {
        const match = /serving \d+ quads at (http:\/\/\S+)/.exec(output);
        if (match) { clearTimeout(timer); resolve(match[1]); }
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    expect(url).toBe(`http://127.0.0.1:${port}/`);

    expect(healthCheck(image.healthcheck!.command, app, env), 'HEALTHCHECK').toBe(0);
    const compose = parseYaml(readFileSync(projectPath('compose.yaml'), 'utf8'));
    const service = Object.values(compose.services as Record<string, { build: { context: string; dockerfile?: string }; healthcheck: { test: string[] }; ports: string[]; environment: Record<string, string> }>)[0];
    expect(service.build.context).toBe('.');
    expect(existsSync(projectPath(service.build.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(service.ports.some((p) => p.endsWith(`:${service.environment.PORT ?? image.env.PORT}`))).toBe(true);
    expect(service.healthcheck.test[0]).toBe('CMD');
    expect(healthCheck(service.healthcheck.test.slice(1), app, env), 'compose health check').toBe(0);

    // Every page's scripts and stylesheets are in the image.
    const assets = new Set<string>();
    for (const path of ['/', '/sparql', '/views/network', '/views/timeline', '/views/accounts', '/dumps/']) {
      const response = await fetch(new URL(path, url), { headers: { accept: 'text/html' } });
      expect(response.status, path).toBe(200);
      for (const match of (await response.text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) assets.add(match[1]);
    }
    expect(assets.size).toBeGreaterThan(3);
    for (const asset of assets) expect((await fetch(new URL(asset, url))).status, asset).toBe(200);
    const query = await fetch(new URL('/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D', url), { headers: { accept: 'application/sparql-results+json' } });
    expect(await query.json()).toMatchObject({ boolean: true });

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, output).toBe(0);
    expect(output).toContain('"event":"shutdown"');
  });
});
