// The frames of the three views. Their data comes from the SPARQL endpoint, queried
// by the browser (src/web/client/), so the views show exactly what the endpoint holds.

import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';

const about = html`<p class="view-query">Query behind this view: <span id="view-queries"></span></p><p id="view-status" class="muted" role="status"></p>`;

function view(title: string, intro: string, body: SafeHtml, script: string): string {
  return page({ title, description: intro, body: html`<h1>${title}</h1><p>${intro}</p>${body}${about}`, scripts: [`/assets/js/${script}.js`] });
}

export function networkView(): string {
  return view('Who talked to whom', 'People as nodes, coloured by side; meetings and communications between two people as edges, thicker for more, coloured by whose records tell of them (purple: both British and Soviet records). Click a person to open their page.',
    html`<form class="controls" onsubmit="return false">
<label>From <input type="date" id="from" value="1939-08-01"></label>
<label>To <input type="date" id="to" value="1940-12-31"></label>
<label>Topic <select id="topic"><option value="">all topics</option></select></label>
<label>Kind <select id="kind"><option value="">meetings and communications</option><option value="meeting">meetings</option><option value="communication">communications</option></select></label>
</form>
<ul class="legend"><li><span style="background:#1f4e8c"></span>British</li><li><span style="background:#b3261e"></span>Soviet</li><li><span style="background:#2e7d32"></span>French</li><li><span style="background:#555"></span>German</li><li><span style="background:#8e6c00"></span>other</li><li><span style="background:#7b3fa0"></span>edge known from both sides' records</li></ul>
<div id="network" class="network"></div>`, 'network');
}

export function timelineView(): string {
  return view('Timeline, August 1939 onwards', 'Events, meetings and communications on one axis. A bar is a date range (uncertain, approximate or spanning); a hollow circle or dashed bar is a date the article does not state (inferred, from a record, approximate). The top rows mark where each section of the article tells its story. Hover for a claim and its source; click to open.',
    html`<form class="controls" onsubmit="return false"><label>Period <select id="period"><option value="short">August 1939 – March 1940</option><option value="long">August 1939 – December 1940</option></select></label></form>
<div id="timeline" class="timeline"></div><div id="tooltip" class="tooltip" role="tooltip"></div>`, 'timeline');
}

export function accountsView(): string {
  return view('Accounts compared', "The article's method: the British and the Soviet record of the same meeting, side by side, and what differs between them, with the documents and the footnotes.",
    html`<form class="controls" onsubmit="return false">
<label>Show <select id="which"><option value="conflicting">accounts that differ</option><option value="all">all comparisons (also where they agree)</option></select></label>
<label>Order <select id="order"><option value="asc">oldest first</option><option value="desc">newest first</option></select></label>
</form>
<div id="accounts"></div>`, 'accounts');
}
