// Rules of the house that are about wording, checked over every YAML file in
// data/: a note on a slip says what our copy of the text reads, and does not
// decide whether the printer or the transcription made it (our copy is a
// transcription from page images, so either is possible).

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPath } from '../../src/model/paths.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Wording that settles a slip's origin without evidence. */
const DECIDES_ORIGIN = /\b(OCR|misprint(ed|s)?|typo(graphical)?|printer'?s (error|slip)|printing (error|slip)|transcription (error|slip))\b/i;
/** Unless the note cites the evidence that does settle it (the notes that come with our copy). */
const CITES_EVIDENCE = /notes? (that come with|accompanying) (the|our) copy/i;

describe('slips', () => {
  it('no note decides whether a slip is the printer\'s or the transcription\'s', () => {
    const offending: string[] = [];
    for (const file of yamlFiles(projectPath('data'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (line.trimStart().startsWith('#') && !DECIDES_ORIGIN.test(line)) return;
        const context = lines.slice(Math.max(0, index - 3), index + 4).join(' ');
        if (DECIDES_ORIGIN.test(line) && !CITES_EVIDENCE.test(context)) offending.push(`${relative(projectPath(), file)}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offending, offending.join('\n')).toEqual([]);
  });

  it('the rule catches the wording it is meant to catch', () => {
    expect(DECIDES_ORIGIN.test("Fn 85 prints 'Väianö' (probably an OCR slip for Väinö)")).toBe(true);
    expect(DECIDES_ORIGIN.test('The editor\'s name is misprinted (letters transposed)')).toBe(true);
    expect(DECIDES_ORIGIN.test("As in our copy of the text: 'Camets' for 'Carnets'")).toBe(false);
  });
});
