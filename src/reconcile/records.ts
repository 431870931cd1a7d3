// What the reconciliation service knows of each entity: every person,
// organisation, place, event and document with all its names (label first, then
// variants, titles and the label of a linked Wikidata item), its side, offices,
// Wikidata ids and dates. The one definition of a record: read through a lookup
// at build time (from the built store) into the release's records file
// (./recordsFile.ts), which the server's reconciliation worker reads; and at
// start, from whichever engine holds the data, for a release without that file.

import { type Lookup } from '../engine/lookup.js';
import { PREFIXES } from '../model/namespaces.js';

export interface ReconType { id: string; name: string; cls: string }

export const RECON_TYPES: ReconType[] = [
  { id: 'person', name: 'Person', cls: `${PREFIXES.dly}Person` },
  { id: 'organisation', name: 'Organisation', cls: `${PREFIXES.dly}Organisation` },
  { id: 'place', name: 'Place', cls: `${PREFIXES.dly}Place` },
  { id: 'event', name: 'Event or meeting', cls: `${PREFIXES.dly}Event` },
  { id: 'document', name: 'Document', cls: `${PREFIXES.dly}Document` },
];

export const RECON_PROPERTIES = [
  { id: 'side', name: 'Side (British, Soviet, ...)' },
  { id: 'office', name: 'Office held' },
  { id: 'wikidata', name: 'Wikidata QID' },
  { id: 'date', name: 'Date (EDTF) or year' },
  { id: 'description', name: 'Description' },
  { id: 'altLabels', name: 'Name variants' },
];

export interface ReconRecord {
  id: string;
  iri: string;
  type: ReconType;
  /** The label; names[0] is the same. */
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

function pushNew(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

export async function readRecords(lookup: Lookup, baseIri: string): Promise<ReconRecord[]> {
  const root = `${baseIri}id/`;
  const idOf = (iri: string) => iri.slice(root.length);
  const records: ReconRecord[] = [];
  const byId = new Map<string, ReconRecord>();
  for (const type of RECON_TYPES) {
    const rows = await lookup.select(`SELECT ?e ?label ?description ?side ?sideLabel ?date ?earliest ?latest WHERE { ?e a <${type.cls}> ; rdfs:label ?label .
      OPTIONAL { ?e dcterms:description ?description } OPTIONAL { ?e dly:side ?side . ?side skos:prefLabel ?sideLabel }
      OPTIONAL { ?e dly:date ?date } OPTIONAL { ?e dly:earliest ?earliest } OPTIONAL { ?e dly:latest ?latest }
      FILTER(STRSTARTS(STR(?e), "${root}")) FILTER(!CONTAINS(STR(?e), "#")) }`);
    for (const row of rows) {
      if (byId.has(idOf(row.e!))) continue;
      const record: ReconRecord = {
        id: idOf(row.e!), iri: row.e!, type, name: row.label!, names: [row.label!], description: row.description,
        side: row.side ? { id: row.side.split('/').pop()!, name: row.sideLabel! } : undefined,
        offices: [], qids: [], date: row.date, earliest: row.earliest, latest: row.latest,
      };
      records.push(record);
      byId.set(record.id, record);
    }
  }
  const extra = async (query: string, apply: (record: ReconRecord, value: string) => void) => {
    for (const row of await lookup.select(query)) {
      const record = row.e?.startsWith(root) ? byId.get(idOf(row.e)) : undefined;
      if (record && row.v) apply(record, row.v);
    }
  };
  await extra('SELECT ?e ?v WHERE { ?e skos:altLabel|dcterms:title|dly:shortTitle ?v }', (r, v) => pushNew(r.names, v));
  await extra('SELECT ?e ?v WHERE { ?link dly:linkSubject ?e ; dly:wikidataLabel ?v }', (r, v) => pushNew(r.names, v));
  await extra('SELECT ?e ?v WHERE { ?e skos:exactMatch|skos:closeMatch ?item . BIND(STRAFTER(STR(?item), "entity/") AS ?v) }', (r, v) => pushNew(r.qids, v));
  await extra('SELECT ?e ?v WHERE { ?h dly:holder ?e ; dly:post/rdfs:label ?v }', (r, v) => pushNew(r.offices, v));
  return records;
}
