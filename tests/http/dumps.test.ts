// Dumps over HTTP: the latest with a strong ETag (the file's SHA-256) and 304 on
// revalidation; released versions at stable URLs /dumps/<version>/, compressed on
// disk and served compressed or not as the client can take; the IRI of a
// version leads to its VoID.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { startTestServer } from '../fixtures/testServer.js';
import { writeMiniData } from '../fixtures/miniData.js';
import { type RunningServer } from '../../src/http/server.js';
import { release } from '../../src/publish/release.js';

let server: RunningServer;
let releases: string;

/** A GET that sends exactly the headers given (fetch always asks for gzip). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })).on('error', reject);
    }).on('error', reject).end();
  });
}

beforeAll(async () => {
  releases = join(mkdtempSync(join(tmpdir(), 'delicacy-served-')), 'releases');
  await release({ version: '0.0.1', dataDir: writeMiniData(), releasesDir: releases, issued: '2026-01-15' });
  server = await startTestServer({ releases });
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('latest dumps', () => {
  it('have a strong ETag that is their SHA-256, and revalidate with 304', async () => {
    const dump = server.context.manifest.dumps.find((d) => d.name === 'delicacy.nq')!;
    const first = await rawGet(`${server.url}dumps/delicacy.nq`);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe(`"${dump.sha256}"`);
    expect(first.body.length).toBe(dump.bytes);
    const again = await rawGet(`${server.url}dumps/delicacy.nq`, { 'if-none-match': `"${dump.sha256}"` });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const range = await rawGet(`${server.url}dumps/delicacy.nq`, { range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(range.headers.etag).toBe(`"${dump.sha256}"`);
    const voidFile = await rawGet(`${server.url}dumps/void.ttl`);
    expect(voidFile.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
  });
});

describe('released versions', () => {
  it('are listed next to the latest, with their date and change list', async () => {
    const list = await (await fetch(`${server.url}dumps/`, { headers: { accept: 'application/json' } })).json();
    expect(list.releases).toEqual([{ version: '0.0.1', issued: '2026-01-15', url: '/dumps/0.0.1/', changes: '/dumps/0.0.1/CHANGES.md' }]);
    const version = await (await fetch(`${server.url}dumps/0.0.1/`, { headers: { accept: 'application/json' } })).json();
    expect(version.files.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['delicacy.nq.gz', 'void.ttl', 'CHANGES.md', 'ro-crate-metadata.json', 'CITATION.cff']));
    const html = await (await fetch(`${server.url}dumps/0.0.1/`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('Released 2026-01-15');
  });

  it('serve their files at stable URLs, compressed or not as the client can take them', async () => {
    const gz = readFileSync(join(releases, '0.0.1', 'delicacy.nq.gz'));
    const asFile = await rawGet(`${server.url}dumps/0.0.1/delicacy.nq.gz`);
    expect(asFile.status).toBe(200);
    expect(asFile.body.equals(gz)).toBe(true);
    expect(asFile.headers['content-type']).toBe('application/gzip');
    const encoded = await rawGet(`${server.url}dumps/0.0.1/delicacy.nq`, { 'accept-encoding': 'gzip' });
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(encoded.headers['content-type']).toMatch(/^application\/n-quads/);
    expect(gunzipSync(encoded.body).equals(gunzipSync(gz))).toBe(true);
    const plain = await rawGet(`${server.url}dumps/0.0.1/delicacy.nq`, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(gunzipSync(gz))).toBe(true);
    const revalidated = await rawGet(`${server.url}dumps/0.0.1/delicacy.nq.gz`, { 'if-none-match': String(asFile.headers.etag) });
    expect(revalidated.status).toBe(304);
    expect((await rawGet(`${server.url}dumps/0.0.1/secrets.txt`)).status).toBe(404);
    expect((await rawGet(`${server.url}dumps/9.9.9/delicacy.nq.gz`)).status).toBe(404);
  });

  it('the IRI of a version leads to its VoID description', async () => {
    const response = await rawGet(`${server.url}dataset/0.0.1`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/dumps/0.0.1/void.ttl');
    const voidText = await (await fetch(new URL(String(response.headers.location), server.url))).text();
    expect(voidText).toContain('"0.0.1"');
    expect((await rawGet(`${server.url}dataset/${server.context.manifest.version}`)).headers.location).toBe('/.well-known/void');
    expect((await rawGet(`${server.url}dataset/7.7.7`)).status).toBe(404);
  });
});
