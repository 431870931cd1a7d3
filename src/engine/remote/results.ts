// Query results from a remote store, read as they arrive and written by us: the
// store is always asked for SPARQL JSON results (the one format every store
// writes losslessly), whose bindings are taken one at a time, so that reading
// stops — and the request is aborted — as soon as our row or byte limit is
// reached, instead of after the store has sent everything. The rows are then
// written in the format the client negotiated with our own writers, which follow
// the W3C result formats, so that every engine gives the same bytes.

export interface Term {
  type: 'uri' | 'literal' | 'bnode' | 'triple';
  value: string | { subject: Term; predicate: Term; object: Term };
  datatype?: string;
  'xml:lang'?: string;
}
export type Binding = Record<string, Term>;

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** A term as RDF 1.1 has it: no 'typed-literal' (SPARQL 1.0 JSON, still written by Virtuoso), no xsd:string datatype. */
export function normaliseTerm(raw: Record<string, unknown>): Term {
  const type = raw.type === 'typed-literal' ? 'literal' : raw.type as Term['type'];
  if (type === 'triple') {
    const inner = raw.value as Record<string, Record<string, unknown>>;
    return { type, value: { subject: normaliseTerm(inner.subject), predicate: normaliseTerm(inner.predicate), object: normaliseTerm(inner.object) } };
  }
  const term: Term = { type, value: String(raw.value) };
  if (type === 'literal') {
    const lang = raw['xml:lang'] as string | undefined;
    const datatype = raw.datatype as string | undefined;
    if (lang) term['xml:lang'] = lang;
    else if (datatype && datatype !== `${XSD}string` && datatype !== LANG_STRING) term.datatype = datatype;
  }
  return term;
}

/**
 * Reads a SPARQL JSON results document piece by piece: each binding object as
 * soon as its closing brace arrives, `head.vars` from the text around them, and
 * the boolean of an ASK (a small document, read whole).
 */
export class BindingStream {
  readonly bindings: Binding[] = [];
  /** Characters of binding text read so far. */
  bindingChars = 0;
  private text = '';
  /** The document without its bindings: the head, and for ASK everything. */
  private outside = '';
  private position = 0;
  private inBindings = false;
  private afterBindings = false;
  private depth = 0;
  private quoted = false;
  private start = -1;

  feed(chunk: string): void {
    this.text += chunk;
    this.scan();
  }

  private scan(): void {
    if (this.afterBindings) { this.outside += this.text; this.text = ''; return; }
    if (!this.inBindings) {
      const match = /"bindings"\s*:\s*\[/.exec(this.text);
      if (!match) return;
      this.outside = this.text.slice(0, match.index);
      this.position = match.index + match[0].length;
      this.inBindings = true;
    }
    const text = this.text;
    let i = this.position;
    for (; i < text.length; i++) {
      const c = text[i];
      if (this.quoted) {
        if (c === '\\') i++;
        else if (c === '"') this.quoted = false;
        continue;
      }
      if (c === '"') this.quoted = true;
      else if (c === '{') { if (this.depth++ === 0) this.start = i; }
      else if (c === '}') {
        if (--this.depth === 0) {
          const raw = text.slice(this.start, i + 1);
          this.bindingChars += raw.length;
          const parsed = JSON.parse(raw) as Record<string, Record<string, unknown>>;
          this.bindings.push(Object.fromEntries(Object.entries(parsed).map(([name, term]) => [name, normaliseTerm(term)])));
          this.start = -1;
        }
      } else if (c === ']' && this.depth === 0) {
        this.afterBindings = true;
        this.outside += text.slice(i + 1);
        this.text = '';
        return;
      }
    }
    // Keep only what an unfinished binding still needs (a backslash may end the chunk).
    const keep = this.depth > 0 ? this.start : Math.min(i, text.length);
    this.text = text.slice(keep);
    this.position = i - keep;
    if (this.start !== -1) this.start -= keep;
  }

  /** The variables: from the head, or (when reading stopped early and the head comes last) from the rows. */
  vars(): string[] {
    const match = /"vars"\s*:\s*(\[[^\]]*\])/.exec(this.inBindings ? this.outside : this.text);
    if (match) return JSON.parse(match[1]) as string[];
    return [...new Set(this.bindings.flatMap((b) => Object.keys(b)))];
  }

  /** The boolean of an ASK result, once the whole document has been read. */
  boolean(): boolean | undefined {
    if (this.inBindings) return undefined;
    const json = JSON.parse(this.text) as { boolean?: boolean };
    return typeof json.boolean === 'boolean' ? json.boolean : undefined;
  }
}

// ---- Writers -------------------------------------------------------------

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function ntriplesString(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

/** A term in N-Triples syntax (what TSV cells hold). */
export function ntriplesTerm(term: Term): string {
  if (term.type === 'uri') return `<${term.value as string}>`;
  if (term.type === 'bnode') return `_:${term.value as string}`;
  if (term.type === 'triple') {
    const t = term.value as { subject: Term; predicate: Term; object: Term };
    return `<< ${ntriplesTerm(t.subject)} ${ntriplesTerm(t.predicate)} ${ntriplesTerm(t.object)} >>`;
  }
  const text = ntriplesString(term.value as string);
  if (term['xml:lang']) return `${text}@${term['xml:lang']}`;
  return term.datatype ? `${text}^^<${term.datatype}>` : text;
}

function csvCell(term: Term | undefined): string {
  if (!term) return '';
  const value = term.type === 'bnode' ? `_:${term.value as string}` : term.type === 'triple' ? ntriplesTerm(term) : term.value as string;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function xmlTerm(term: Term): string {
  if (term.type === 'uri') return `<uri>${escapeXml(term.value as string)}</uri>`;
  if (term.type === 'bnode') return `<bnode>${escapeXml(term.value as string)}</bnode>`;
  if (term.type === 'triple') {
    const t = term.value as { subject: Term; predicate: Term; object: Term };
    return `<triple><subject>${xmlTerm(t.subject)}</subject><predicate>${xmlTerm(t.predicate)}</predicate><object>${xmlTerm(t.object)}</object></triple>`;
  }
  const attribute = term['xml:lang'] ? ` xml:lang="${escapeXml(term['xml:lang'])}"` : term.datatype ? ` datatype="${escapeXml(term.datatype)}"` : '';
  return `<literal${attribute}>${escapeXml(term.value as string)}</literal>`;
}

export type ResultFormat = 'json' | 'xml' | 'csv' | 'tsv';

/** A SELECT result written row by row, so that its size is known as the rows come. */
export interface SelectWriter {
  head(vars: string[]): string;
  row(vars: string[], row: Binding, index: number): string;
  tail(): string;
}

const WRITERS: Record<ResultFormat, SelectWriter> = {
  json: {
    head: (vars) => `{"head":{"vars":${JSON.stringify(vars)}},"results":{"bindings":[`,
    row: (_vars, row, index) => `${index ? ',' : ''}${JSON.stringify(row)}`,
    tail: () => ']}}',
  },
  xml: {
    head: (vars) => `<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>${vars.map((v) => `<variable name="${escapeXml(v)}"/>`).join('')}</head><results>`,
    row: (vars, row) => `<result>${vars.filter((v) => row[v]).map((v) => `<binding name="${escapeXml(v)}">${xmlTerm(row[v])}</binding>`).join('')}</result>`,
    tail: () => '</results></sparql>',
  },
  csv: {
    head: (vars) => `${vars.join(',')}\r\n`,
    row: (vars, row) => `${vars.map((v) => csvCell(row[v])).join(',')}\r\n`,
    tail: () => '',
  },
  tsv: {
    head: (vars) => `${vars.map((v) => `?${v}`).join('\t')}\n`,
    row: (vars, row) => `${vars.map((v) => (row[v] ? ntriplesTerm(row[v]) : '')).join('\t')}\n`,
    tail: () => '',
  },
};

export function selectWriter(format: ResultFormat): SelectWriter {
  return WRITERS[format];
}

/** A whole SELECT result in one of the W3C formats. */
export function writeSelect(vars: string[], rows: Binding[], format: ResultFormat): string {
  const writer = WRITERS[format];
  return writer.head(vars) + rows.map((row, index) => writer.row(vars, row, index)).join('') + writer.tail();
}

/** An ASK result in one of the W3C formats. */
export function writeAsk(value: boolean, format: ResultFormat): string {
  switch (format) {
    case 'xml': return `<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>${value}</boolean></sparql>`;
    case 'csv': return `_askResult\r\n${value}\r\n`;
    case 'tsv': return `?_askResult\n${value}\n`;
    default: return `{"head":{},"boolean":${value}}`;
  }
}
