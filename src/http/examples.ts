// The example queries shown in the query UI: every .rq file under queries/, with
// the question it answers taken from its header comments (# Question: ...).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPath } from '../model/paths.js';

export interface ExampleQuery {
  id: string;
  file: string;
  question: string;
  /** Other header fields (Answer, Evidence, ...). */
  meta: Record<string, string>;
  query: string;
}

function listRq(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listRq(path) : name.endsWith('.rq') ? [path] : [];
  });
}

export function loadExamples(dir = projectPath('queries')): ExampleQuery[] {
  return listRq(dir).map((path) => {
    const text = readFileSync(path, 'utf8');
    const meta: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const match = /^#\s*([A-Za-z]+):\s*(.*)$/.exec(line);
      if (!match) { if (!line.startsWith('#')) break; continue; }
      meta[match[1].toLowerCase()] = match[2].trim();
    }
    const file = relative(dir, path);
    return { id: meta.id ?? file.replace(/\.rq$/, ''), file, question: meta.question ?? file, meta, query: text };
  });
}
