// One type rule and one label style for documents.
//
// Type: a message is a cable when its citation carries a telegraphic marking
// (immediate, highest priority, saving) or the article calls it a cable
// (typeBasis says where); a message whose kind neither shows is a communication.
// Label: the document's date written out in full ("13 October 1939", "21–22
// February 1940"), the same date as its `date`, and no abbreviated month names.

import { type CompileContext } from '../context.js';
import { lineOf, type YamlMap } from '../../source/readYaml.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ABBREVIATED = /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.(?=\s|$|,)/;
/** Classifications that only telegrams carry. */
export const TELEGRAPHIC = ['immediate', 'highest-priority', 'saving'];

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);

interface Day { year: string; month?: number; day?: number }

function parseDay(text: string): Day | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?$/.exec(text);
  return m ? { year: m[1], month: m[2] ? Number(m[2]) : undefined, day: m[3] ? Number(m[3]) : undefined } : undefined;
}

/** The ways a label may write an EDTF date; undefined when the date has no written form here. */
export function writtenDates(edtf: string): string[] | undefined {
  const [from, to, ...rest] = edtf.split('/');
  if (rest.length > 0) return undefined;
  const a = parseDay(from);
  if (!a) return undefined;
  const full = (d: Day) => [d.day, d.month ? MONTHS[d.month - 1] : undefined, d.year].filter((x) => x !== undefined).join(' ');
  if (to === undefined) return [full(a)];
  const b = parseDay(to);
  if (!b) return undefined;
  if (a.year === b.year && a.month && a.month === b.month && a.day && b.day) {
    return [`${a.day}–${b.day} ${MONTHS[a.month - 1]} ${a.year}`, `${MONTHS[a.month - 1]} ${a.year}`];
  }
  if (a.year === b.year && a.month && b.month && a.day && b.day) return [`${a.day} ${MONTHS[a.month - 1]}–${b.day} ${MONTHS[b.month - 1]} ${a.year}`];
  return [`${full(a)}–${full(b)}`];
}

export function checkDocuments(ctx: CompileContext): void {
  for (const [id, entry] of ctx.entries()) {
    if (entry.kind !== 'document') continue;
    const data = entry.data as YamlMap;
    const problem = (key: string, rule: string, message: string) => ctx.problem({ file: entry.location.file, line: lineOf(data, key) }, id, rule, message);
    const type = typeof data.type === 'string' ? data.type : undefined;
    const marked = list(data.classification).filter((c) => TELEGRAPHIC.includes(c));
    if (type === 'communication' && marked.length > 0) {
      problem('type', 'document type', `a message marked ${marked.join(', ')} is a telegram: type: cable`);
    }
    if (type === 'cable' && marked.length === 0 && data.typeBasis === undefined) {
      problem('type', 'document type', "a cable needs the evidence of its kind: a telegraphic marking in its classification (immediate, highest-priority, saving) or typeBasis saying where the article calls it a cable; otherwise it is a communication");
    }
    if (type === 'despatch' && data.number === undefined) {
      problem('type', 'document type', 'a despatch is a numbered paper: give its number, or choose the kind the article shows');
    }

    const label = typeof data.label === 'string' ? data.label : '';
    const abbreviated = ABBREVIATED.exec(label);
    const written = data.date === undefined || data.date === null ? undefined : writtenDates(String(data.date));
    if (abbreviated) {
      problem('label', 'label style', `write the month in full ('${abbreviated[0]}' in '${label}'), as in '13 October 1939'`);
    } else if (written && !written.some((form) => label.includes(form))) {
      problem('label', 'label style', `the label gives the document's date written out, e.g. '${written[0]}' (label: '${label}')`);
    }
  }
}
