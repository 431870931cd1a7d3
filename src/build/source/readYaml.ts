// Reads a YAML file into plain values, remembering the line of every mapping and
// of every key in it, so that later errors can point at the line to fix.

import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { DataError, type Problem } from '../errors.js';

const LINE = Symbol('line');
const KEY_LINES = Symbol('keyLines');

export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
export interface YamlMap { [key: string]: YamlValue }

export function lineOf(map: YamlMap, key?: string): number | undefined {
  const located = map as unknown as { [LINE]?: number; [KEY_LINES]?: Record<string, number> };
  return (key !== undefined ? located[KEY_LINES]?.[key] : undefined) ?? located[LINE];
}

export function readYamlFile(path: string, displayPath = path): YamlMap {
  const text = readFileSync(path, 'utf8');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: Problem[] = document.errors.map((error) => ({
    location: { file: displayPath, line: error.linePos?.[0]?.line },
    entity: '(file)',
    rule: 'YAML syntax',
    message: error.message.split('\n')[0],
  }));
  if (problems.length > 0) throw new DataError(problems);
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const convert = (node: unknown): YamlValue => {
    if (node === null || node === undefined) return null;
    if (isScalar(node)) return node.value as YamlValue;
    if (isSeq(node)) return node.items.map((item) => convert(item));
    if (isMap(node)) {
      const out: YamlMap = {};
      const keyLines: Record<string, number> = {};
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        out[key] = convert(pair.value);
        const line = lineAt((pair.key as Node | undefined)?.range?.[0]);
        if (line !== undefined) keyLines[key] = line;
      }
      Object.defineProperty(out, LINE, { value: lineAt(node.range?.[0]), enumerable: false });
      Object.defineProperty(out, KEY_LINES, { value: keyLines, enumerable: false });
      return out;
    }
    return null;
  };
  const root = convert(document.contents);
  if (root === null) return {};
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw new DataError([{ location: { file: displayPath, line: 1 }, entity: '(file)', rule: 'YAML structure', message: 'the file must be a mapping of collections (people:, claims:, ...)' }]);
  }
  return root;
}
