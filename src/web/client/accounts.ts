// Accounts compared: for each meeting whose records the article compares, the
// British account and the Soviet account side by side with the discrepancy in
// between, document references and footnotes; sortable by date. Two queries.

import { PREFIXES, select, showQueries, localHref, status, fail, el } from './sparql.js';

export const COMPARISONS_QUERY = `${PREFIXES}
# Every comparison of accounts, what it concerns and when, the verdict and the kinds of discrepancy
SELECT ?comparison ?label ?conflict ?summary ?concerns ?concernsLabel ?date ?earliest
       (GROUP_CONCAT(DISTINCT ?kindLabel; separator=", ") AS ?kinds)
       (GROUP_CONCAT(DISTINCT STR(?n); separator=", ") AS ?footnotes)
WHERE {
  ?comparison a dly:AccountComparison ; rdfs:label ?label ; dly:discrepancySummary ?summary ;
              dly:discrepancyType/skos:prefLabel ?kindLabel .
  BIND(EXISTS { ?comparison a dly:ConflictingAccounts } AS ?conflict)
  OPTIONAL { ?comparison dly:citedIn/dly:footnoteNumber ?n }
  OPTIONAL { ?comparison dly:concerns ?concerns . ?concerns rdfs:label ?concernsLabel .
             OPTIONAL { ?concerns dly:date ?date } OPTIONAL { ?concerns dly:earliest ?earliest } }
}
GROUP BY ?comparison ?label ?conflict ?summary ?concerns ?concernsLabel ?date ?earliest
ORDER BY ?earliest`;

export const CLAIMS_QUERY = `${PREFIXES}
# The claims each comparison sets side by side: whose account, from which document, with which footnotes
# (the author's remarks on what a record leaves out go with the side of that record)
SELECT ?comparison ?claim ?text ?side ?sideIri ?recordSide ?source ?sourceLabel ?account
       (GROUP_CONCAT(DISTINCT STR(?n); separator=", ") AS ?footnotes)
WHERE {
  ?comparison a dly:AccountComparison ; dly:comparesClaim ?claim .
  ?claim rdfs:label ?text .
  OPTIONAL { ?claim dly:side ?sideIri . ?sideIri skos:prefLabel ?side }
  OPTIONAL { ?claim a dly:AuthorJudgement ; dly:omittedFrom|dly:concerns|dly:about ?record . ?record a dly:Document ; dly:side ?recordSide }
  OPTIONAL { ?claim prov:wasDerivedFrom ?source . ?source rdfs:label ?sourceLabel }
  OPTIONAL { ?claim prov:wasAttributedTo/rdfs:label ?account }
  OPTIONAL { ?claim dly:citedIn/dly:footnoteNumber ?n }
}
GROUP BY ?comparison ?claim ?text ?side ?sideIri ?recordSide ?source ?sourceLabel ?account`;

interface Account { iri: string; text: string; side?: string; scholarly: boolean; column?: string; sources: { iri: string; label: string }[]; account?: string; footnotes: string }
interface Comparison { iri: string; label: string; conflict: boolean; summary: string; concerns?: string; concernsLabel?: string; date?: string; earliest?: string; kinds: string; footnotes: string; accounts: Account[] }

function accountCard(account: Account): HTMLElement {
  const card = el('div', { class: `claim side-${(account.side ?? 'other').toLowerCase()}` });
  card.append(el('div', {}, el('a', { href: localHref(account.iri) }, account.text)));
  const prov = el('div', { class: 'prov' });
  prov.append(account.scholarly ? `the author's note on this record${account.account ? ` (${account.account})` : ''}` : `${account.side ?? ''} account${account.account ? ` (${account.account})` : ''}`);
  for (const source of account.sources) prov.append(' · ', el('a', { href: localHref(source.iri) }, source.label));
  if (account.footnotes) prov.append(` · fn ${account.footnotes}`);
  card.append(prov);
  return card;
}

function render(list: Comparison[], holder: HTMLElement): void {
  holder.innerHTML = '';
  const { left, leftLabel, right, rightLabel } = holder.dataset as { left: string; leftLabel: string; right: string; rightLabel: string };
  for (const c of list) {
    const british = c.accounts.filter((a) => a.column === left);
    const soviet = c.accounts.filter((a) => a.column === right);
    const others = c.accounts.filter((a) => a.column !== left && a.column !== right);
    const section = el('section', { class: 'comparison', 'data-comparison': c.iri, 'data-date': c.earliest ?? '' });
    const heading = el('h3', {}, el('a', { href: localHref(c.iri) }, c.concernsLabel ?? c.label));
    heading.append(' ', el('span', { class: 'kind' }, c.conflict ? 'accounts differ' : 'accounts agree'));
    section.append(heading);
    if (c.date) section.append(el('p', { class: 'muted' }, c.date, c.concerns ? ' · ' : '', ...(c.concerns ? [el('a', { href: localHref(c.concerns) }, 'the meeting')] : [])));
    const grid = el('div', { class: 'accounts' });
    const column = (title: string, accounts: Account[]) => {
      const col = el('div', { class: 'account' }, el('div', { class: 'kind' }, title));
      if (accounts.length === 0) col.append(el('p', { class: 'muted' }, 'No account of this side is compared.'));
      accounts.forEach((a) => col.append(accountCard(a)));
      return col;
    };
    grid.append(column(`${leftLabel} account`, british.length || soviet.length ? british : c.accounts.slice(0, 1)));
    grid.append(column(`${rightLabel} account`, british.length || soviet.length ? soviet : c.accounts.slice(1)));
    grid.append(el('div', { class: 'discrepancy' }, el('strong', {}, `${c.kinds}: `), c.summary, c.footnotes ? el('span', { class: 'muted' }, ` (fn ${c.footnotes})`) : ''));
    if (others.length && (british.length || soviet.length)) {
      const rest = el('div', { class: 'account', style: 'grid-column: 1 / -1' }, el('div', { class: 'kind' }, 'Other accounts'));
      others.forEach((a) => rest.append(accountCard(a)));
      grid.append(rest);
    }
    section.append(grid);
    holder.append(section);
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
    status(`${shown.length} ${which.value === 'all' ? 'comparisons of accounts' : 'meetings or matters whose accounts differ'} (of ${all.length} comparisons)`);
  };
  order.addEventListener('change', draw);
  which.addEventListener('change', draw);
  draw();
}

main().catch(fail);
