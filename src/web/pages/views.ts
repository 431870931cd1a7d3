// The frames of the three views. Their data comes from the SPARQL endpoint, queried
// by the browser (src/web/client/), so the views show exactly what the endpoint holds.
// The period and the compared sides come from the dataset's settings.

import { type Lookup } from '../../engine/lookup.js';
import { comparedSides } from '../data/sides.js';
import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { site } from '../site.js';

const about = html`<p class="view-query">Query behind this view: <span id="view-queries"></span></p><p id="view-status" class="muted" role="status"></p>`;

function view(title: string, intro: string, body: SafeHtml, script: string): string {
  return page({ title, description: intro, body: html`<h1>${title}</h1><p>${intro}</p>${body}${about}`, scripts: [`/assets/js/${script}.js`] });
}

function month(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
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
<div id="network" class="network" data-sides="${site().comparedSides.join(' ')}" role="img" aria-label="Network of people who met or wrote to each other; the same data is in the table below"></div>
<details class="data-table"><summary>The same data as a table (<span id="network-table-count">…</span> pairs)</summary>
<div class="table-wrap"><table id="network-table"><thead><tr><th scope="col">Person</th><th scope="col">Person</th><th scope="col">Meetings and communications</th><th scope="col">Whose records tell of them</th></tr></thead><tbody></tbody></table></div></details>`, 'network');
}

export function timelineView(): string {
  const { period } = site();
  return view(`Timeline, ${month(period.from)} – ${month(period.to)}`, 'Events, meetings and communications on one axis. A bar is a date range (uncertain, approximate or spanning); a hollow circle or dashed bar is a date the article does not state (inferred, from a record, approximate). The top rows mark where each section of the article tells its story. Hover or focus a mark for a claim and its source; click to open.',
    html`<form class="controls"><label>Period <select id="period"><option value="long">${month(period.from)} – ${month(period.to)}</option><option value="short">${month(period.from)} – ${month(period.focus)}</option></select></label>
<span class="zoom" role="group" aria-label="Zoom"><button type="button" id="zoom-out" aria-label="Zoom out">−</button> <span id="zoom-level" aria-live="polite">1×</span> <button type="button" id="zoom-in" aria-label="Zoom in">+</button> <button type="button" id="zoom-fit">Whole period</button></span></form>
<p id="scroll-cue" class="scroll-cue muted" aria-live="polite"></p>
<div id="timeline-scroll" class="timeline-scroll" tabindex="0" role="region" aria-label="Timeline, scrollable sideways"><div id="timeline" class="timeline" data-from="${period.from}" data-focus="${period.focus}" data-to="${period.to}"></div></div>
<div id="tooltip" class="tooltip" role="tooltip"></div>
<details class="data-table"><summary>The same data as a table (<span id="timeline-table-count">…</span> items)</summary>
<div class="table-wrap"><table id="timeline-table"><thead><tr><th scope="col">Date (EDTF)</th><th scope="col">Kind</th><th scope="col">What</th><th scope="col">Date status</th></tr></thead><tbody></tbody></table></div></details>`, 'timeline');
}

export async function accountsView(lookup: Lookup): Promise<string> {
  const [left, right] = await comparedSides(lookup);
  return view('Accounts compared', `The article's method: the ${left.label} and the ${right.label} record of the same meeting, side by side, and what differs between them, with the documents and the footnotes.`,
    html`<form class="controls">
<label>Show <select id="which"><option value="conflicting">accounts that differ</option><option value="all">all comparisons (also where they agree)</option></select></label>
<label>Order <select id="order"><option value="asc">oldest first</option><option value="desc">newest first</option></select></label>
</form>
<div id="accounts" data-left="${left.iri}" data-left-label="${left.label}" data-right="${right.iri}" data-right-label="${right.label}"></div>`, 'accounts');
}
