// The reconciliation index: every person, organisation, place, event and document
// with all its names (label, variants, the Wikidata label of a linked item), its
// side, offices, Wikidata ids and dates. Built once from the store at start;
// matching is a scan in memory, fast enough for OpenRefine's batches of ten.

import type oxigraph from 'oxigraph';
import { select } from '../../store/select.js';
import { bestNameScore, normaliseName } from '../../link/names.js';
import { PREFIXES } from '../../model/namespaces.js';

export interface ReconType { id: string; name: string; cls: string }

export const RECON_TYPES: ReconType[] = [
  { id: 'person', name: 'Person', cls: `${PREFIXES.dly}Person` },
  { id: 'organisation', name: 'Organisation', cls: `${PREFIXES.dly}Organisation` },
  { id: 'place', name: 'Place', cls: `${PREFIXES.dly}Place` },
  { id: 'event', name: 'Event or meeting', cls: `${PREFIXES.dly}Event` },
  { id: 'document', name: 'Document', cls: `${PREFIXES.dly}Document` },
];

export interface ReconRecord {
  id: string;
  iri: string;
  type: ReconType;
  name: string;
  names: string[];
  description?: string;
  side?: { id: string; name: string };
  offices: string[];
  qids: string[];
  date?: string;
  earliest?: string;
  latest?: string;
}

export interface Candidate { record: ReconRecord; score: number; exact: boolean }

export interface PropertyConstraint { pid: string; v: unknown }

export const RECON_PROPERTIES = [
  { id: 'side', name: 'Side (British, Soviet, ...)' },
  { id: 'office', name: 'Office held' },
  { id: 'wikidata', name: 'Wikidata QID' },
  { id: 'date', name: 'Date (EDTF) or year' },
  { id: 'description', name: 'Description' },
  { id: 'altLabels', name: 'Name variants' },
];

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) { if (!list.includes(value)) list.push(value); } else map.set(key, [value]);
}

export class ReconciliationIndex {
  readonly records: ReconRecord[] = [];
  private readonly byId = new Map<string, ReconRecord>();
  private readonly byQid = new Map<string, ReconRecord[]>();

  constructor(store: oxigraph.Store, baseIri: string) {
    const root = `${baseIri}id/`;
    const idOf = (iri: string) => iri.slice(root.length);
    for (const type of RECON_TYPES) {
      const rows = select(store, `SELECT ?e ?label ?description ?side ?sideLabel ?date ?earliest ?latest WHERE { ?e a <${type.cls}> ; rdfs:label ?label .
        OPTIONAL { ?e dcterms:description ?description } OPTIONAL { ?e dly:side ?side . ?side skos:prefLabel ?sideLabel }
        OPTIONAL { ?e dly:date ?date } OPTIONAL { ?e dly:earliest ?earliest } OPTIONAL { ?e dly:latest ?latest }
        FILTER(STRSTARTS(STR(?e), "${root}")) FILTER(!CONTAINS(STR(?e), "#")) }`);
      for (const row of rows) {
        if (this.byId.has(idOf(row.e!))) continue;
        const record: ReconRecord = {
          id: idOf(row.e!), iri: row.e!, type, name: row.label!, names: [row.label!], description: row.description,
          side: row.side ? { id: row.side.split('/').pop()!, name: row.sideLabel! } : undefined,
          offices: [], qids: [], date: row.date, earliest: row.earliest, latest: row.latest,
        };
        this.records.push(record);
        this.byId.set(record.id, record);
      }
    }
    const extra = (query: string, apply: (record: ReconRecord, value: string) => void) => {
      for (const row of select(store, query)) {
        const record = row.e?.startsWith(root) ? this.byId.get(idOf(row.e)) : undefined;
        if (record && row.v) apply(record, row.v);
      }
    };
    extra(`SELECT ?e ?v WHERE { ?e skos:altLabel|dcterms:title|dly:shortTitle ?v }`, (r, v) => { if (!r.names.includes(v)) r.names.push(v); });
    extra(`SELECT ?e ?v WHERE { ?link dly:linkSubject ?e ; dly:wikidataLabel ?v }`, (r, v) => {
      for (const name of [v, v.split(',')[0]]) if (!r.names.includes(name)) r.names.push(name);
    });
    extra(`SELECT ?e ?v WHERE { ?e skos:exactMatch|skos:closeMatch ?item . BIND(STRAFTER(STR(?item), "entity/") AS ?v) }`, (r, v) => {
      if (!r.qids.includes(v)) r.qids.push(v);
      add(this.byQid, v, r);
    });
    extra(`SELECT ?e ?v WHERE { ?h dly:holder ?e ; dly:post/rdfs:label ?v }`, (r, v) => { if (!r.offices.includes(v)) r.offices.push(v); });
  }

  get(id: string): ReconRecord | undefined {
    return this.byId.get(id);
  }

  byWikidata(qid: string): ReconRecord[] {
    return this.byQid.get(qid.toUpperCase()) ?? [];
  }

  /** Candidates for a name, best first; `exact` when a name matches exactly. */
  search(query: string, options: { type?: string; properties?: PropertyConstraint[]; limit?: number } = {}): Candidate[] {
    const text = query.trim();
    const properties = options.properties ?? [];
    const qidConstraint = properties.find((p) => p.pid === 'wikidata');
    const pool = (options.type ? this.records.filter((r) => r.type.id === options.type) : this.records);
    const direct = /^Q[1-9][0-9]*$/i.test(text) ? this.byWikidata(text) : qidConstraint ? this.byWikidata(String(qidConstraint.v)) : [];
    const scored: Candidate[] = [];
    for (const record of pool) {
      if (direct.length && !direct.includes(record)) continue;
      const nameScore = direct.length ? 1 : bestNameScore(text, record.names);
      if (nameScore < 0.5) continue;
      let score = nameScore * 100;
      for (const { pid, v } of properties) score *= constraintFactor(record, pid, v);
      if (score < 40) continue;
      const exact = direct.length > 0 || (nameScore === 1 && normaliseName(text).length > 0);
      scored.push({ record, score: Math.round(Math.min(100, score)), exact: exact && score >= 100 });
    }
    scored.sort((a, b) => b.score - a.score || a.record.name.localeCompare(b.record.name));
    return scored.slice(0, options.limit ?? 10);
  }

  /** Prefix search for the suggest service. */
  suggest(prefix: string, limit = 10): ReconRecord[] {
    const p = normaliseName(prefix);
    if (!p) return [];
    return this.records.filter((r) => r.names.some((n) => normaliseName(n).startsWith(p) || normaliseName(n).split(' ').some((t) => t.startsWith(p))))
      .slice(0, limit);
  }
}

/** How a property constraint changes a candidate's score: up when it fits, down when it contradicts. */
function constraintFactor(record: ReconRecord, pid: string, value: unknown): number {
  const v = String(typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : value ?? '').trim().toLowerCase();
  if (!v) return 1;
  switch (pid) {
    case 'side':
      if (!record.side) return 0.8;
      return record.side.id === v || record.side.name.toLowerCase() === v ? 1.1 : 0.4;
    case 'office':
      if (record.offices.length === 0) return 0.7;
      return record.offices.some((o) => o.toLowerCase().includes(v) || v.includes(o.toLowerCase())) ? 1.1 : 0.6;
    case 'wikidata':
      return record.qids.map((q) => q.toLowerCase()).includes(v) ? 1.2 : record.qids.length ? 0.3 : 0.8;
    case 'date': {
      const year = /\d{4}/.exec(v)?.[0];
      if (!year || !record.earliest) return 1;
      return record.earliest.slice(0, 4) <= year && (record.latest ?? '9999').slice(0, 4) >= year ? 1.1 : 0.5;
    }
    default:
      return 1;
  }
}
