// EDTF (ISO 8601-2) parsing with the `edtf` library, reduced to what SPARQL needs:
// the earliest and latest calendar day the value allows (open ends have none).

import edtf from 'edtf';

export type EdtfResult =
  | { ok: true; earliest?: string; latest?: string }
  | { ok: false; reason: string };

function day(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseEdtf(value: string): EdtfResult {
  let parsed: { min: number; max: number };
  try {
    parsed = edtf(value);
  } catch (error) {
    return { ok: false, reason: String((error as Error).message).split('\n')[0] };
  }
  const earliest = day(parsed.min);
  const latest = day(parsed.max);
  if (earliest && latest && earliest > latest) return { ok: false, reason: 'the start is after the end' };
  return { ok: true, earliest, latest };
}
