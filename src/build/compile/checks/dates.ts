// Dates no more exact than their evidence. A date taken from a record must match
// that record's date; a date known only as "on or before the report" must be a
// range ending on the report's date; nothing happens after the record of it; an
// office mentioned without dates has none (set notation or unspecified digits
// would give it bounds that place it in periods the article says nothing about).

import { type CompileContext, type Registered } from '../context.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';
import { parseEdtf } from '../edtf.js';

interface Bounds { earliest?: string; latest?: string }

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter((v) => typeof v === 'string');

function boundsOf(value: unknown): Bounds | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = parseEdtf(String(value));
  return parsed.ok ? { earliest: parsed.earliest, latest: parsed.latest } : undefined;
}

function show(bounds: Bounds | undefined): string {
  return bounds ? `${bounds.earliest ?? '..'}/${bounds.latest ?? '..'}` : 'no date';
}

/** The records a date may be taken from: those named as evidence, else the thing's records or source. */
function evidenceOf(ctx: CompileContext, data: YamlMap): { id: string; bounds?: Bounds }[] {
  const named = list(data.dateEvidence);
  const ids = named.length > 0 ? named : [...list(data.records), ...list(data.source)];
  return ids.map((id) => ({ id, bounds: boundsOf(ctx.lookup(id)?.data.date) }));
}

function checkDated(ctx: CompileContext, data: YamlMap, entity: string, file: string): void {
  const problem = (key: string, rule: string, message: string) =>
    ctx.problem({ file, line: lineOf(data, key) }, entity, rule, message);
  const status = typeof data.dateStatus === 'string' ? data.dateStatus : undefined;
  const own = boundsOf(data.date);

  if (status === 'not-stated' && data.date !== undefined && data.date !== null) {
    problem('date', 'date not stated', "dateStatus: not-stated, yet a date is given; leave the date out (the dateNote says what the article says)");
  }
  if (status === 'from-record' || status === 'on-or-before-record') {
    const evidence = evidenceOf(ctx, data).filter((e) => e.bounds);
    if (evidence.length === 0) {
      problem('dateStatus', 'date from a record', `dateStatus: ${status} needs the dated record it is taken from (dateEvidence, or the entry's records or source)`);
    } else if (status === 'from-record' && own && !evidence.some((e) => e.bounds!.earliest === own.earliest && e.bounds!.latest === own.latest)) {
      problem('date', 'date from a record', `a date taken from a record is that record's date, but ${show(own)} is not the date of ${evidence.map((e) => `${e.id} (${show(e.bounds)})`).join(' or ')}; if the record only reports it later, use dateStatus: on-or-before-record and a range ending on the record's date`);
    } else if (status === 'on-or-before-record' && own) {
      if (!evidence.some((e) => e.bounds!.latest === own.latest)) {
        problem('date', 'date from a record', `an event known only from a later report ends on the report's date, but ${show(own)} does not end on the date of ${evidence.map((e) => `${e.id} (${show(e.bounds)})`).join(' or ')}`);
      } else if (own.earliest !== undefined && own.earliest === own.latest) {
        problem('date', 'date from a record', `'${String(data.date)}' is one day, more exact than a report dated on or after it allows: write a range ending on the report's date (e.g. 1939-10/1939-10-27)`);
      }
    }
  }
}

/** A meeting cannot be later than a record of it. */
function checkMeetingRecords(ctx: CompileContext, id: string, entry: Registered): void {
  const own = boundsOf(entry.data.date);
  if (!own?.earliest) return;
  for (const record of list(entry.data.records)) {
    const recorded = boundsOf(ctx.lookup(record)?.data.date);
    if (recorded?.latest && own.earliest > recorded.latest) {
      ctx.problem({ file: entry.location.file, line: lineOf(entry.data as YamlMap, 'date') }, id, 'not after its record',
        `the meeting (${show(own)}) is dated after its record ${record} (${show(recorded)})`);
    }
  }
}

/** Office holdings: "at some time up to 1939" or "194X" would put a dateless office in the period. */
function checkOffices(ctx: CompileContext, id: string, entry: Registered): void {
  const offices = Array.isArray(entry.data.offices) ? entry.data.offices : [];
  for (const office of offices) {
    if (typeof office !== 'object' || office === null || Array.isArray(office)) continue;
    const data = office as YamlMap;
    const entity = `${id} (office ${typeof data.post === 'string' ? data.post : '?'})`;
    const date = data.date === undefined || data.date === null ? undefined : String(data.date);
    if (date !== undefined && /[[\]{}X]/.test(date)) {
      ctx.problem({ file: entry.location.file, line: lineOf(data, 'date') }, entity, 'office dates',
        `'${date}' stands for a date the article does not give; its bounds would place the office in years the article says nothing about. Leave the date out and write dateStatus: not-stated with a dateNote (e.g. 'called a former prime minister in 1939')`);
    }
    if (date === undefined && data.dateStatus !== 'not-stated') {
      ctx.problem({ file: entry.location.file, line: lineOf(data) }, entity, 'office dates',
        'an office holding needs the date or period the article gives, or dateStatus: not-stated with a dateNote when it gives none');
    }
    checkDated(ctx, data, entity, entry.location.file);
  }
}

export function checkDates(ctx: CompileContext): void {
  for (const [id, entry] of ctx.entries()) {
    checkDated(ctx, entry.data as YamlMap, id, entry.location.file);
    if (entry.kind === 'meeting') checkMeetingRecords(ctx, id, entry);
    if (entry.kind === 'person') checkOffices(ctx, id, entry);
  }
}
