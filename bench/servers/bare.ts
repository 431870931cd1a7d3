// Reference servers for the benchmark: a bare node:http server and a bare Express
// app, each answering every request with the same fixed body. They measure the
// ceiling of Node and of the framework on this machine.
// Usage: node build/bench/servers/bare.js node|express BODY_FILE

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import express from 'express';

const [kind, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers = { 'Content-Type': 'application/sparql-results+json', 'Content-Length': String(body.length) };

const server = kind === 'express'
  ? express().disable('x-powered-by').all(/.*/, (_req, res) => { res.set(headers).end(body); }).listen(0, '127.0.0.1', ready)
  : createServer((req, res) => { req.resume(); res.writeHead(200, headers).end(body); }).listen(0, '127.0.0.1', ready);

function ready(): void {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening ${address.port}`);
}
