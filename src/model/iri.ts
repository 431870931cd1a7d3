// The one IRI scheme: {base}id/{kind}/{slug}. Dependent nodes (a claim's passage,
// a footnote's citation items, a person's office holdings) are hash IRIs under
// their parent, so dereferencing the parent describes them too.

import { baseIri, PREFIXES } from './namespaces.js';

export const ENTITY_KINDS = [
  'person', 'group', 'organisation', 'place', 'post', 'event', 'meeting',
  'document', 'work', 'claim', 'comparison', 'footnote', 'passage', 'section',
  'concept', 'link',
] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * The classes an entity of each kind has (one of them), as prefixed names of the
 * ontology (and SKOS): a kind's entities are found through them (the store's
 * class index) and then kept to the kind's IRI space (kindPattern, for the
 * lists). Without them the rows were found by scanning every label of the
 * release for IRIs under /id/<kind>/ — 3 s at 100 articles on Virtuoso, half a
 * minute at 1,000 — whatever the size of the kind.
 */
export const KIND_CLASSES: Record<EntityKind, readonly string[]> = {
  person: ['dly:Person'], group: ['dly:Group'], organisation: ['dly:Organisation'], place: ['dly:Place'], post: ['dly:Post'],
  event: ['dly:Event'], meeting: ['dly:Meeting'], document: ['dly:Document'], work: ['dly:Work'], claim: ['dly:Claim'],
  comparison: ['dly:AccountComparison'], footnote: ['dly:Footnote'], passage: ['dly:Paragraph'], section: ['dly:Section'],
  concept: ['skos:Concept', 'skos:ConceptScheme'], link: ['dly:WikidataLink'],
};

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

export function mint(kind: EntityKind, ...path: string[]): string {
  return `${baseIri()}id/${kind}/${path.map(encodeURIComponent).join('/')}`;
}

export function conceptSchemeIri(scheme: string): string {
  return mint('concept', scheme);
}

export function conceptIri(scheme: string, concept: string): string {
  return mint('concept', scheme, concept);
}

export function graphIri(name: string): string {
  return `${baseIri()}graph/${name}`;
}

export function datasetIri(base = baseIri()): string {
  return `${base}dataset`;
}

/** One version of the dataset: {base}dataset/{version}. */
export function versionIri(version: string, base = baseIri()): string {
  return `${datasetIri(base)}/${encodeURIComponent(version)}`;
}

/** Splits one of our IRIs into kind and path, or returns undefined. */
export function parseIri(iri: string): { kind: EntityKind; path: string[]; fragment?: string } | undefined {
  const root = `${baseIri()}id/`;
  if (!iri.startsWith(root)) return undefined;
  const [rest, fragment] = iri.slice(root.length).split('#', 2);
  const [kind, ...path] = rest.split('/');
  if (!(ENTITY_KINDS as readonly string[]).includes(kind) || path.length === 0) return undefined;
  return { kind: kind as EntityKind, path: path.map(decodeURIComponent), fragment };
}

/** Prefixes for dumps and queries: the standard ones plus one per entity kind. */
export function datasetPrefixes(): Readonly<Record<string, string>> {
  const base = baseIri();
  if (prefixesFor?.base !== base) {
    const kinds = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, `${base}id/${kind}/`]));
    prefixesFor = { base, prefixes: Object.freeze({ ...PREFIXES, ...kinds }) };
  }
  return prefixesFor.prefixes;
}
// Asked for on every query; rebuilt only if the base IRI changes.
let prefixesFor: { base: string; prefixes: Readonly<Record<string, string>> } | undefined;

/**
 * Whether an IRI is an entity with a page of its own: under {base}id/, not a
 * hash part (a dependent node, described on its parent's page). What the
 * sitemap lists and each graph's void:entities counts.
 */
export function isPageEntity(iri: string, base = baseIri()): boolean {
  return iri.startsWith(`${base}id/`) && !iri.includes('#');
}

/**
 * The same as a regular expression (void:uriRegexPattern), stated with each
 * graph's void:entities so that the count says what it counts: a server trusts
 * a graph's count only under this pattern.
 */
export function pageEntityPattern(base = baseIri()): string {
  return `^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}id/[^#]*$`;
}
