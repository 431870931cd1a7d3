#!/usr/bin/env node
// Makes sure the browser the view tests drive is installed: Debian's chromium
// package (a test tool's own browser download does not work on this network).
// Installs it with apt-get when it is missing and we may; otherwise explains.

import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!hasApt) {
  console.error(`The browser tests need Chromium at ${path} (set CHROMIUM_PATH), and apt-get is not available to install it.`);
  process.exit(1);
}
const sudo = isRoot ? [] : ['sudo', '-n'];
const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  console.log('Installing Debian chromium for the browser tests (once)...');
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
} catch (error) {
  console.error(`Could not install chromium with apt-get (${error.message}). Install the Debian package 'chromium' or set CHROMIUM_PATH.`);
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`chromium was installed but ${path} is missing; set CHROMIUM_PATH.`);
  process.exit(1);
}
