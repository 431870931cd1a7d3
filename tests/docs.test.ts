// The documentation names every setting the service has, with its default.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_OPTIONS } from '../src/http/config.js';
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
