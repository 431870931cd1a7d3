#!/usr/bin/env node
// Thin launcher: the CLI is written in TypeScript and compiled to build/ by `npm run compile`.
import('../build/src/cli.js').then((cli) => cli.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code ?? 0; },
  (error) => { console.error(error?.stack ?? String(error)); process.exitCode = 1; },
);
