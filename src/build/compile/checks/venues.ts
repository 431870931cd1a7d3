// Venues are places, not only words: when the setting of a meeting or event names
// a building (a place of type building, by its label or a variant), the location
// is that building or a place within it, never just the city around it.

import { type CompileContext } from '../context.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function checkVenues(ctx: CompileContext): void {
  const buildings: { id: string; names: RegExp }[] = [];
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'place' || entry.data.type !== 'building') continue;
    const names = [...list(entry.data.label), ...list(entry.data.altLabels)].filter((n) => n.trim() !== '');
    if (names.length > 0) buildings.push({ id, names: new RegExp(`(^|[^\\p{L}])(${names.map(escape).join('|')})($|[^\\p{L}])`, 'u') });
  }
  /** The place and every place it is part of. */
  const within = (place: string): Set<string> => {
    const chain = new Set<string>();
    for (let current: string | undefined = place; current && !chain.has(current);) {
      chain.add(current);
      current = list(ctx.lookup(current)?.data.partOf)[0];
    }
    return chain;
  };
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'meeting' && entry.kind !== 'event') continue;
    const setting = typeof entry.data.setting === 'string' ? entry.data.setting : undefined;
    if (!setting) continue;
    const locations = list(entry.data.location);
    for (const building of buildings) {
      if (!building.names.test(setting)) continue;
      if (!locations.some((location) => within(location).has(building.id))) {
        ctx.problem({ file: entry.location.file, line: lineOf(entry.data as YamlMap, 'location') ?? lineOf(entry.data as YamlMap, 'setting') }, id, 'venue is a place',
          `the setting names the venue ${building.id} ('${setting}'), but the location is ${locations.join(', ') || 'not given'}; make the location that place (the most specific one named)`);
      }
    }
  }
}
