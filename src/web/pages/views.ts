// The frames of the three views. Their data comes from the SPARQL endpoint, queried
// by the browser (src/web/client/), so the views show exactly what the endpoint holds.
// The period and the compared sides come from the dataset's settings.

import { type AppContext } from '../../http/context.js';
import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { site } from '../site.js';
import { conceptIri } from '../../model/iri.js';
import { iriTerm, select } from '../../store/select.js';

const about = html`<p class="view-query">Query behind this view: <span id="view-queries"></span></p><p id="view-status" class="muted" role="status"></p>`;

function view(title: string, intro: string, body: SafeHtml, script: string): string {
  return page({ title, description: intro, body: html`<h1>${title}</h1><p>${intro}</p>${body}${about}`, scripts: [`/assets/js/${script}.js`] });
}

function month(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The compared sides with their labels, from the side vocabulary. */
function comparedSides(context: AppContext): { iri: string; label: string }[] {
  return context.memo('compared sides', () => site().comparedSides.map((id) => {
    const iri = conceptIri('side', id);
    const [row] = select(context.store, `SELECT ?label WHERE { ${iriTerm(iri)} skos:prefLabel ?label }`);
    return { iri, label: row?.label ?? id };
  }));
}

export function networkView(): string {
  const { period } = site();
  return view('Who talked to whom', 'People as nodes, coloured by side; meetings and communications between two people as edges, thicker for more, coloured by whose records tell of them (purple: records of both compared sides). Click a person to open their page.',
    html`<form class="controls">
<label>From <input type="date" id="from" value="${period.from}"></label>
<label>To <input type="date" id="to" value="${period.to}"></label>
<label>Topic <select id="topic"><option value="">all topics</option></select></label>
<label>Kind <select id="kind"><option value="">meetings and communications</option><option value="meeting">meetings</option><option value="communication">communications</option></select></label>
</form>
<ul class="legend"><li><span style="background:#1f4e8c"></span>British</li><li><span style="background:#b3261e"></span>Soviet</li><li><span style="background:#2e7d32"></span>French</li><li><span style="background:#555"></span>German</li><li><span style="background:#8e6c00"></span>other</li><li><span style="background:#7b3fa0"></span>edge known from both compared sides' records</li></ul>
<div id="network" class="network" data-sides="${site().comparedSides.join(' ')}"></div>`, 'network');
}

export function timelineView(): string {
  const { period } = site();
  return view(`Timeline, ${month(period.from)} onwards`, 'Events, meetings and communications on one axis. A bar is a date range (uncertain, approximate or spanning); a hollow circle or dashed bar is a date the article does not state (inferred, from a record, approximate). The top rows mark where each section of the article tells its story. Hover for a claim and its source; click to open.',
    html`<form class="controls"><label>Period <select id="period"><option value="short">${month(period.from)} – ${month(period.focus)}</option><option value="long">${month(period.from)} – ${month(period.to)}</option></select></label></form>
<div id="timeline" class="timeline" data-from="${period.from}" data-focus="${period.focus}" data-to="${period.to}"></div><div id="tooltip" class="tooltip" role="tooltip"></div>`, 'timeline');
}

export function accountsView(context: AppContext): string {
  const [left, right] = comparedSides(context);
  return view('Accounts compared', `The article's method: the ${left.label} and the ${right.label} record of the same meeting, side by side, and what differs between them, with the documents and the footnotes.`,
    html`<form class="controls">
<label>Show <select id="which"><option value="conflicting">accounts that differ</option><option value="all">all comparisons (also where they agree)</option></select></label>
<label>Order <select id="order"><option value="asc">oldest first</option><option value="desc">newest first</option></select></label>
</form>
<div id="accounts" data-left="${left.iri}" data-left-label="${left.label}" data-right="${right.iri}" data-right-label="${right.label}"></div>`, 'accounts');
}
