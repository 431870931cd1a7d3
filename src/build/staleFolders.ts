// Folders named after the process that made them (dist.tmp-PID, dist.serving-PID[-N]):
// those of processes that no longer run are left-overs of a kill, and go.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function removeStale(parent: string, prefix: string): void {
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)(?:-\d+)?$/.exec(name.slice(prefix.length))?.[1]; // PID, or PID-N for a process's Nth
    if (pid && Number(pid) !== process.pid && !alive(Number(pid))) rmSync(join(parent, name), { recursive: true, force: true });
  }
}
