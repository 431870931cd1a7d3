// The documentation names every setting the service has, with its default.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_OPTIONS, resolveConfig } from '../src/http/config.js';
import { projectPath } from '../src/model/paths.js';

describe('docs/service.md', () => {
  it('documents every setting: its variable and its flag', () => {
    const text = readFileSync(projectPath('docs', 'service.md'), 'utf8');
    for (const option of CONFIG_OPTIONS) {
      expect(text, option.env).toContain(`\`${option.env}\``);
      expect(text, option.flag).toContain(`\`--${option.flag}\``);
    }
  });
});

describe('README', () => {
  it('lists every limit with its setting and the default the service uses', () => {
    const text = readFileSync(projectPath('README.md'), 'utf8');
    const defaults = resolveConfig({}, {}, {});
    const limits = CONFIG_OPTIONS.filter((option) => option.limit);
    expect(limits.length).toBeGreaterThan(10);
    for (const option of limits) {
      const stated = String(defaults[option.key]);
      expect(option.help, `${option.env}: its help states the default`).toContain(`default ${stated}`);
      const row = text.split('\n').find((line) => line.includes(`| \`${option.env}\` |`));
      expect(row, option.env).toBeDefined();
      expect(row!.split('|').map((cell) => cell.trim())[3], option.env).toMatch(new RegExp(`^${stated}\\b`));
    }
    expect(text).toContain('/metrics');
  });
});
