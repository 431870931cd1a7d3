// `delicacy link verify`: checks every published Wikidata link and every
// candidate against the Wikidata API (label and aliases, birth and death dates,
// kind of item, redirects and merges, missing items), promotes candidates that
// match unambiguously, and reports links that no longer hold.

import { WBK, simplifyClaims } from 'wikibase-sdk';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { bestNameScore } from './names.js';

export const USER_AGENT = 'Delicacy-link-verify/0.1 (linked-data edition of a history article; https://w3id.org/delicacy/)';

export interface LinkEntry {
  entity: string;
  qid: string;
  match?: 'exact' | 'close';
  wikidataLabel?: string;
  wikidataDates?: string;
  note?: string;
  evidence?: { method: string; checked: string; source?: string; record: string };
}

export interface CandidateEntry {
  entity: string;
  type: 'person' | 'organisation' | 'place' | 'event';
  name: string;
  search?: string;
  hints?: string[];
  context?: string;
}

/** What we know of our entities: names to match and their kind. */
export type NameIndex = Map<string, string[]>;

interface WdEntity {
  id: string;
  missing?: string;
  redirects?: { from: string; to: string };
  labels?: Record<string, { value: string }>;
  aliases?: Record<string, { value: string }[]>;
  descriptions?: Record<string, { value: string }>;
  claims?: Record<string, unknown[]>;
}

export type LinkStatus = 'confirmed' | 'mismatch' | 'redirected' | 'missing';
export type CandidateStatus = 'promoted' | 'ambiguous' | 'no-match';

export interface LinkReport { entity: string; qid: string; status: LinkStatus; detail: string; redirectTo?: string }
export interface CandidateReport { entity: string; status: CandidateStatus; detail: string; qid?: string; record?: string; label?: string; dates?: string }

export class WikidataUnreachableError extends Error { override name = 'WikidataUnreachableError'; }

export class WikidataClient {
  private readonly wbk;
  constructor(instance: string, private readonly timeoutMs = 15_000) {
    this.wbk = WBK({ instance: instance.replace(/\/w\/api\.php$/, '').replace(/\/$/, '') });
  }

  private async get(url: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { headers: { 'User-Agent': USER_AGENT, Accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new WikidataUnreachableError(`cannot reach ${new URL(url).origin}: ${(error as Error).message}`);
    }
    if (!res.ok) throw new WikidataUnreachableError(`${new URL(url).origin} answered ${res.status}`);
    return res.json();
  }

  async entities(ids: string[]): Promise<WdEntity[]> {
    const out: WdEntity[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const url = this.wbk.getEntities({ ids: ids.slice(i, i + 50) as `Q${number}`[], languages: ['en'], props: ['labels', 'aliases', 'descriptions', 'claims'] });
      const body = await this.get(url) as { entities?: Record<string, WdEntity> };
      out.push(...Object.values(body.entities ?? {}));
    }
    return out;
  }

  async search(text: string): Promise<string[]> {
    const url = this.wbk.searchEntities({ search: text, language: 'en', limit: 7 });
    const body = await this.get(url) as { search?: { id: string }[] };
    return (body.search ?? []).map((hit) => hit.id);
  }
}

function names(entity: WdEntity): string[] {
  return [entity.labels?.en?.value, ...(entity.aliases?.en ?? []).map((a) => a.value)].filter((n): n is string => !!n);
}

function claimValues(entity: WdEntity, property: string): string[] {
  const simplified = simplifyClaims((entity.claims ?? {}) as never) as Record<string, unknown[]>;
  return (simplified[property] ?? []).map(String);
}

function years(entity: WdEntity): { born?: number; died?: number } {
  const year = (value?: string) => (value ? Number(/^-?\d+/.exec(value.replace(/^\+/, ''))?.[0]) : undefined);
  return { born: year(claimValues(entity, 'P569')[0]), died: year(claimValues(entity, 'P570')[0]) };
}

function datesText(entity: WdEntity): string | undefined {
  const { born, died } = years(entity);
  return born || died ? `${born ?? '?'}–${died ?? '?'}` : undefined;
}

/** Years in a recorded dates text ("1874–1965", "1939-08-23") for comparison. */
function recordedYears(text?: string): number[] {
  return [...(text ?? '').matchAll(/\b(1[0-9]{3}|20[0-9]{2})\b/g)].map((m) => Number(m[1]));
}

export async function verifyLinks(client: WikidataClient, links: LinkEntry[], ourNames: NameIndex): Promise<LinkReport[]> {
  const fetched = await client.entities([...new Set(links.map((l) => l.qid))]);
  return links.map((link) => {
    const entity = fetched.find((e) => e.id === link.qid || e.redirects?.from === link.qid);
    if (!entity || entity.missing !== undefined) return { entity: link.entity, qid: link.qid, status: 'missing', detail: `${link.qid} does not exist on Wikidata (deleted?)` };
    if (entity.id !== link.qid) return { entity: link.entity, qid: link.qid, status: 'redirected', redirectTo: entity.id, detail: `${link.qid} now redirects to ${entity.id} (merged items)` };
    const wdNames = names(entity);
    const ours = [...(ourNames.get(link.entity) ?? []), ...(link.wikidataLabel ? [link.wikidataLabel] : [])];
    const nameScore = Math.max(0, ...ours.map((n) => bestNameScore(n, wdNames)));
    if (nameScore < 0.75) return { entity: link.entity, qid: link.qid, status: 'mismatch', detail: `no name in common: ours ${ours.join(' / ')}; Wikidata ${wdNames.join(' / ') || '(none)'}` };
    const expected = recordedYears(link.wikidataDates);
    const { born, died } = years(entity);
    if (expected.length >= 2 && (born !== undefined || died !== undefined)) {
      if ((born !== undefined && born !== expected[0]) || (died !== undefined && died !== expected[expected.length - 1])) {
        return { entity: link.entity, qid: link.qid, status: 'mismatch', detail: `dates differ: recorded ${link.wikidataDates}, Wikidata ${born ?? '?'}–${died ?? '?'} (a namesake?)` };
      }
    }
    return { entity: link.entity, qid: link.qid, status: 'confirmed', detail: `${entity.labels?.en?.value ?? link.qid}${datesText(entity) ? ` (${datesText(entity)})` : ''}` };
  });
}

export async function verifyCandidates(client: WikidataClient, candidates: CandidateEntry[], ourNames: NameIndex, today: string): Promise<CandidateReport[]> {
  const reports: CandidateReport[] = [];
  for (const candidate of candidates) {
    const ours = [candidate.name, ...(ourNames.get(candidate.entity) ?? [])];
    const queries = [...new Set(candidate.search ? [candidate.search] : ours)];
    const ids = new Set<string>();
    for (const query of queries) for (const id of await client.search(query)) ids.add(id);
    const items = ids.size ? await client.entities([...ids]) : [];
    const survivors = items.filter((item) => {
      if (item.missing !== undefined) return false;
      if (Math.max(0, ...ours.map((n) => bestNameScore(n, names(item)))) < 0.9) return false;
      if (candidate.type === 'person' && !claimValues(item, 'P31').includes('Q5')) return false;
      const description = item.descriptions?.en?.value ?? '';
      return (candidate.hints ?? []).every((hint) => description.toLowerCase().includes(hint.toLowerCase()));
    });
    if (survivors.length === 1) {
      const [item] = survivors;
      const label = item.labels?.en?.value ?? item.id;
      const dates = datesText(item);
      const record = `Wikidata API ${today}: searched ${queries.map((q) => `"${q}"`).join(', ')}; ${items.length} item(s) found; the only one whose label or alias matches (${names(item).join(' / ')})` +
        `${candidate.type === 'person' ? ', instance of human (Q5)' : ''}${candidate.hints?.length ? `, described with ${candidate.hints.join(', ')}` : ''}: ${item.id} "${label}" — ${item.descriptions?.en?.value ?? 'no description'}${dates ? ` (${dates})` : ''}.`;
      reports.push({ entity: candidate.entity, status: 'promoted', qid: item.id, label, dates, record, detail: `${item.id} ${label}` });
    } else if (survivors.length > 1) {
      reports.push({ entity: candidate.entity, status: 'ambiguous', detail: `namesakes: ${survivors.map((s) => `${s.id} ${s.labels?.en?.value ?? ''} (${s.descriptions?.en?.value ?? ''})`).join('; ')}` });
    } else {
      reports.push({ entity: candidate.entity, status: 'no-match', detail: items.length ? `${items.length} item(s) found, none matches name, kind and hints` : 'nothing found' });
    }
  }
  return reports;
}

/** Applies a verification to the YAML files: promoted candidates become links; redirects are followed. */
export function writeResults(linksFile: string, candidatesFile: string, linkReports: LinkReport[], candidateReports: CandidateReport[], today: string): void {
  const linksDoc = parseDocument(readFileSync(linksFile, 'utf8'));
  const links = linksDoc.toJS().links as LinkEntry[];
  for (const report of linkReports.filter((r) => r.status === 'redirected')) {
    const link = links.find((l) => l.entity === report.entity && l.qid === report.qid)!;
    link.note = `${link.note ? `${link.note} ` : ''}Was ${report.qid}, which redirected to ${report.redirectTo} when checked on ${today}.`;
    link.qid = report.redirectTo!;
  }
  const promoted = candidateReports.filter((r) => r.status === 'promoted');
  for (const report of promoted) {
    links.push({ entity: report.entity, qid: report.qid!, match: 'exact', wikidataLabel: report.label, ...(report.dates ? { wikidataDates: report.dates } : {}),
      evidence: { method: 'online-check', checked: today, source: 'Wikidata API (wbsearchentities, wbgetentities)', record: report.record! } });
  }
  linksDoc.set('links', links);
  writeFileSync(linksFile, linksDoc.toString({ lineWidth: 110 }));
  const candidatesDoc = parseDocument(readFileSync(candidatesFile, 'utf8'));
  const remaining = (candidatesDoc.toJS().candidates as CandidateEntry[]).filter((c) => !promoted.some((p) => p.entity === c.entity));
  candidatesDoc.set('candidates', remaining);
  writeFileSync(candidatesFile, candidatesDoc.toString({ lineWidth: 110 }));
}

export function reportMarkdown(linkReports: LinkReport[], candidateReports: CandidateReport[], today: string): string {
  const count = <T extends { status: string }>(list: T[], status: string) => list.filter((r) => r.status === status).length;
  return [
    `# Wikidata link verification, ${today}`, '',
    `Links: ${linkReports.length} checked — ${count(linkReports, 'confirmed')} confirmed, ${count(linkReports, 'mismatch')} mismatched, ${count(linkReports, 'redirected')} redirected, ${count(linkReports, 'missing')} missing.`,
    `Candidates: ${candidateReports.length} checked — ${count(candidateReports, 'promoted')} promoted, ${count(candidateReports, 'ambiguous')} ambiguous, ${count(candidateReports, 'no-match')} without a match.`, '',
    '| entity | QID | status | detail |', '|---|---|---|---|',
    ...linkReports.map((r) => `| ${r.entity} | ${r.qid} | ${r.status} | ${r.detail.replace(/\|/g, '/')} |`),
    ...candidateReports.map((r) => `| ${r.entity} | ${r.qid ?? ''} | candidate ${r.status} | ${r.detail.replace(/\|/g, '/')} |`), '',
  ].join('\n');
}
