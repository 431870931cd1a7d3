// Accounts compared: for each meeting whose records the article compares, the
// British account and the Soviet account side by side with the discrepancy in
// between, document references and footnotes; sortable by date. Two queries.

import { PREFIXES, select, showQueries, localHref, status, fail, el } from './sparql.js';

export const COMPARISONS_QUERY = `${PREFIXES}
# Every comparison of accounts, what it concerns and when, the verdict and the kinds of discrepancy
SELECT ?comparison ?label ?conflict ?summary ?concerns ?concernsLabel ?date ?earliest
       (GROUP_CONCAT(DISTINCT ?kindLabel; separator=", ") AS ?kinds)
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?n), " ", STR(?footnote)); separator="|") AS ?footnotes)
WHERE {
  ?comparison a dly:AccountComparison ; rdfs:label ?label ; dly:discrepancySummary ?summary ;
              dly:discrepancyType/skos:prefLabel ?kindLabel .
  BIND(EXISTS { ?comparison a dly:ConflictingAccounts } AS ?conflict)
  OPTIONAL { ?comparison dly:citedIn ?footnote . ?footnote dly:footnoteNumber ?n }
  OPTIONAL { ?comparison dly:concerns ?concerns . ?concerns rdfs:label ?concernsLabel .
             OPTIONAL { ?concerns dly:date ?date } OPTIONAL { ?concerns dly:earliest ?earliest } }
}
GROUP BY ?comparison ?label ?conflict ?summary ?concerns ?concernsLabel ?date ?earliest
ORDER BY ?earliest`;

export const CLAIMS_QUERY = `${PREFIXES}
# The claims each comparison sets side by side: whose account, from which document, with which footnotes
# (the author's remarks on what a record leaves out go with the side of that record)
SELECT ?comparison ?claim ?text ?side ?sideIri ?recordSide ?source ?sourceLabel ?account
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?n), " ", STR(?footnote)); separator="|") AS ?footnotes)
WHERE {
  ?comparison a dly:AccountComparison ; dly:comparesClaim ?claim .
  ?claim rdfs:label ?text .
  OPTIONAL { ?claim dly:side ?sideIri . ?sideIri skos:prefLabel ?side }
  OPTIONAL { ?claim a dly:AuthorJudgement ; dly:omittedFrom|dly:concerns|dly:about ?record . ?record a dly:Document ; dly:side ?recordSide }
  OPTIONAL { ?claim prov:wasDerivedFrom ?source . ?source rdfs:label ?sourceLabel }
  OPTIONAL { ?claim prov:wasAttributedTo/rdfs:label ?account }
  OPTIONAL { ?claim dly:citedIn ?footnote . ?footnote dly:footnoteNumber ?n }
}
GROUP BY ?comparison ?claim ?text ?side ?sideIri ?recordSide ?source ?sourceLabel ?account`;

interface Account { iri: string; text: string; side?: string; scholarly: boolean; column?: string; sources: { iri: string; label: string }[]; account?: string; footnotes: string }
interface Comparison { iri: string; label: string; conflict: boolean; summary: string; concerns?: string; concernsLabel?: string; date?: string; earliest?: string; kinds: string; footnotes: string; accounts: Account[] }

/** "fn 37, 38", each number a link to the footnote's page ("37 <iri>|38 <iri>" from the query). */
function footnoteLinks(packed: string): Node[] {
  const notes = packed.split('|').filter(Boolean).map((entry) => { const [n, iri] = entry.split(' '); return { n: Number(n), iri }; }).sort((a, b) => a.n - b.n);
  if (notes.length === 0) return [];
  const out: Node[] = [document.createTextNode('fn ')];
  notes.forEach((note, i) => {
    if (i) out.push(document.createTextNode(', '));
    out.push(el('a', { href: localHref(note.iri), 'aria-label': `footnote ${note.n}` }, String(note.n)));
  });
  return out;
}

function accountCard(account: Account): HTMLElement {
  const card = el('div', { class: `claim side-${(account.side ?? 'other').toLowerCase()}` });
  card.append(el('div', {}, el('a', { href: localHref(account.iri) }, account.text)));
  const prov = el('div', { class: 'prov' });
  prov.append(account.scholarly ? `the author's note on this record${account.account ? ` (${account.account})` : ''}` : `${account.side ?? ''} account${account.account ? ` (${account.account})` : ''}`);
  for (const source of account.sources) prov.append(' · ', el('a', { href: localHref(source.iri) }, source.label));
  if (account.footnotes) prov.append(' · ', ...footnoteLinks(account.footnotes));
  card.append(prov);
  return card;
}

function render(list: Comparison[], holder: HTMLElement): void {
  holder.innerHTML = '';
  const { left, leftLabel, right, rightLabel } = holder.dataset as { left: string; leftLabel: string; right: string; rightLabel: string };
  // All comparisons of one meeting (or matter) under one heading.
  const groups = new Map<string, Comparison[]>();
  for (const c of list) groups.set(c.concerns ?? c.iri, [...(groups.get(c.concerns ?? c.iri) ?? []), c]);
  for (const group of groups.values()) {
    const first = group[0];
    const meeting = el('section', { class: 'meeting-group', 'data-date': first.earliest ?? '', 'data-concerns': first.concerns ?? '' });
    const heading = el('h2', { class: 'meeting-heading' });
    if (first.date) heading.append(el('span', { class: 'muted' }, `${first.date} · `));
    heading.append(first.concerns ? el('a', { href: localHref(first.concerns) }, first.concernsLabel ?? first.label) : first.label);
    heading.append(' ', el('span', { class: 'count-badge' }, String(group.length)));
    meeting.append(heading);
    for (const c of group) {
      const british = c.accounts.filter((a) => a.column === left);
      const soviet = c.accounts.filter((a) => a.column === right);
      const others = c.accounts.filter((a) => a.column !== left && a.column !== right);
      const section = el('section', { class: 'comparison', 'data-comparison': c.iri, 'data-date': c.earliest ?? '' });
      const title = el('h3', {}, el('a', { href: localHref(c.iri) }, c.conflict ? `Accounts differ: ${c.kinds}` : 'Accounts agree'));
      section.append(title);
      const grid = el('div', { class: 'accounts' });
      const column = (heading: string, accounts: Account[]) => {
        const col = el('div', { class: 'account' }, el('h4', { class: 'column-heading' }, heading));
        if (accounts.length === 0) col.append(el('p', { class: 'muted' }, 'No account of this side is compared.'));
        accounts.forEach((a) => col.append(accountCard(a)));
        return col;
      };
      if (british.length || soviet.length) {
        grid.append(column(`${leftLabel} account`, british), column(`${rightLabel} account`, soviet));
      } else {
        // Two records of one side: a column per record, headed by the record.
        const bySource = new Map<string, Account[]>();
        for (const a of c.accounts) bySource.set(a.sources[0]?.iri ?? a.iri, [...(bySource.get(a.sources[0]?.iri ?? a.iri) ?? []), a]);
        for (const accounts of bySource.values()) grid.append(column(`${accounts[0].side ?? ''} record: ${accounts[0].sources[0]?.label ?? 'unattributed'}`, accounts));
      }
      grid.append(el('div', { class: 'discrepancy' }, el('strong', {}, `${c.conflict ? c.kinds : 'agreement'}: `), c.summary, ...(c.footnotes ? [' (', ...footnoteLinks(c.footnotes), ')'] : [])));
      if (others.length && (british.length || soviet.length)) {
        const rest = el('div', { class: 'account wide' }, el('h4', { class: 'column-heading' }, 'Other accounts and remarks'));
        others.forEach((a) => rest.append(accountCard(a)));
        grid.append(rest);
      }
      section.append(grid);
      meeting.append(section);
    }
    holder.append(meeting);
  }
}

async function main(): Promise<void> {
  showQueries([COMPARISONS_QUERY, CLAIMS_QUERY]);
  status('Loading…');
  const [rows, claimRows] = await Promise.all([select(COMPARISONS_QUERY), select(CLAIMS_QUERY)]);
  const accounts = new Map<string, Map<string, Account>>();
  for (const r of claimRows) {
    const byClaim = accounts.get(r.comparison!) ?? new Map<string, Account>();
    const account = byClaim.get(r.claim!) ?? { iri: r.claim!, text: r.text!, side: r.side, scholarly: r.sideIri?.endsWith('/scholarly') ?? false, column: r.recordSide ?? r.sideIri, sources: [], account: r.account, footnotes: r.footnotes ?? '' };
    if (r.source && !account.sources.some((s) => s.iri === r.source)) account.sources.push({ iri: r.source, label: r.sourceLabel ?? r.source });
    byClaim.set(r.claim!, account);
    accounts.set(r.comparison!, byClaim);
  }
  const all: Comparison[] = rows.map((r) => ({
    iri: r.comparison!, label: r.label!, conflict: r.conflict === 'true', summary: r.summary!, concerns: r.concerns, concernsLabel: r.concernsLabel,
    date: r.date, earliest: r.earliest, kinds: r.kinds ?? '', footnotes: r.footnotes ?? '', accounts: [...(accounts.get(r.comparison!)?.values() ?? [])],
  }));
  const holder = document.getElementById('accounts')!;
  const order = document.getElementById('order') as HTMLSelectElement;
  const which = document.getElementById('which') as HTMLSelectElement;
  const draw = () => {
    const shown = all.filter((c) => which.value === 'all' || c.conflict)
      .sort((a, b) => (order.value === 'desc' ? -1 : 1) * ((a.earliest ?? '9999').localeCompare(b.earliest ?? '9999')));
    render(shown, holder);
    holder.dataset.count = String(shown.length);
    const meetings = new Set(shown.map((c) => c.concerns ?? c.iri)).size;
    holder.dataset.meetings = String(meetings);
    status(`${shown.length} ${which.value === 'all' ? 'comparisons of accounts' : 'comparisons whose accounts differ'}, about ${meetings} meetings or matters (of ${all.length} comparisons)`);
  };
  order.addEventListener('change', draw);
  which.addEventListener('change', draw);
  draw();
}

main().catch(fail);
