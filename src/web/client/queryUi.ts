// The query UI: YASGUI (loaded before this script from our copy of the npm
// package) with our starting query and the example gallery. Settings come from a
// JSON data block, so the page needs no inline script (Content-Security-Policy).
// A query handed over in a link (#query=...) is put in a tab but not run: the
// reader runs it, so a link cannot make visitors' browsers run expensive queries.

import { RESULT_VIEWS, requestedView } from './resultViews.js';

interface Example { id: string; question: string; query: string }
interface Settings { start: string; examples: Example[]; /** Where YASGUI's script is. */ editor: string }
interface YasqeLike { getValue(): string; setValue(value: string): void; query(): void }
interface YasrLike { selectPlugin(name: string): void; getSelectedPluginName(): string; plugins: Record<string, unknown> }
interface TabLike { getId(): string; getYasqe(): YasqeLike; getYasr(): YasrLike; getQuery(): string }
interface YasguiLike { getTab(): TabLike | undefined; addTab(select: boolean, config: unknown): TabLike; selectTabId(id: string): void; on(event: 'queryResponse', listener: (instance: YasguiLike, tab: TabLike) => void): void }
interface YasguiConstructor {
  new (element: HTMLElement, config: unknown): YasguiLike;
  Yasqe: { defaults: { value: string } };
  Yasr: { registerPlugin(name: string, plugin: unknown): void };
}

/** YASGUI (a megabyte of script) is loaded once the page is up; until then the plain form runs queries. */
function loadYasgui(src: string): Promise<YasguiConstructor> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve((window as unknown as { Yasgui: YasguiConstructor }).Yasgui);
    script.onerror = () => reject(new Error('Could not load the query editor.'));
    document.head.append(script);
  });
}

const settings = JSON.parse(document.getElementById('query-ui-settings')!.textContent!) as Settings;
// Read before YASGUI starts: it would otherwise take the query from the URL itself.
const handed = new URLSearchParams(location.hash.slice(1)).get('query');

function whenLoaded(): Promise<void> {
  return document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

async function start(): Promise<void> {
await whenLoaded();
const Yasgui = await loadYasgui(settings.editor);
const plain = document.getElementById('plain-query') as HTMLFormElement | null;
const typed = (document.getElementById('plain-query-text') as HTMLTextAreaElement | null)?.value;
// Timeline, network and chart beside the table; registered before the first tab exists.
for (const [name, view] of Object.entries(RESULT_VIEWS)) Yasgui.Yasr.registerPlugin(name, view);
const yasgui = new Yasgui(document.getElementById('yasgui')!, {
  requestConfig: { endpoint: '/sparql', method: 'POST' },
  copyEndpointOnNewTab: true,
  persistenceId: null,
  populateFromUrl: false,
  yasqe: { value: settings.start },
});
Yasgui.Yasqe.defaults.value = settings.start;
// A comment such as `#defaultView:Timeline` in the query picks the view its results open in.
yasgui.on('queryResponse', (_instance, tab) => {
  const wanted = requestedView(tab.getQuery());
  const yasr = tab.getYasr();
  if (wanted && wanted in yasr.plugins && yasr.getSelectedPluginName() !== wanted) yasr.selectPlugin(wanted);
});
const firstTab = yasgui.getTab();
if (firstTab && firstTab.getYasqe().getValue().trim() === '') firstTab.getYasqe().setValue(settings.start);

function openTab(name: string, query: string): TabLike {
  const tab = yasgui.addTab(true, { name, yasqe: { value: query } });
  yasgui.selectTabId(tab.getId());
  tab.getYasqe().setValue(query);
  return tab;
}

document.querySelectorAll<HTMLElement>('[data-example]').forEach((link) => link.addEventListener('click', (event) => {
  event.preventDefault();
  const example = settings.examples[Number(link.dataset.example)];
  openTab(example.id, example.query).getYasqe().query();
}));

if (handed) {
  openTab('From link', handed);
  const notice = document.getElementById('handed-query');
  if (notice) notice.hidden = false;
}
makeAccessible(document.getElementById('yasgui')!);
// A query typed in the plain form before the editor arrived is carried over.
if (typed && typed.trim() !== settings.start.trim()) openTab('Your query', typed);
if (plain) plain.hidden = true;
(window as unknown as { yasgui: YasguiLike }).yasgui = yasgui;
document.getElementById('yasgui')!.dataset.ready = 'true';
}

/**
 * What YASGUI leaves out for screen readers and keyboards (WCAG 2.1 AA, checked with
 * axe-core): names for the editor and the endpoint box, a keyboard stop for the
 * scrolling editor, and the add-tab button marked as a tab (only tabs belong in a tab list).
 * Applied again whenever YASGUI draws a new tab or result.
 */
function makeAccessible(root: HTMLElement): void {
  const apply = () => {
    root.querySelectorAll('.CodeMirror textarea:not([aria-label])').forEach((t) => t.setAttribute('aria-label', 'SPARQL query'));
    root.querySelectorAll('input.autocomplete:not([aria-label])').forEach((i) => i.setAttribute('aria-label', 'SPARQL endpoint'));
    root.querySelectorAll('.tab input[type="text"]:not([aria-label])').forEach((i) => i.setAttribute('aria-label', 'Tab name'));
    // CodeMirror takes its scroller out of the tab order (tabindex -1); keyboard users need to reach it to scroll.
    root.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach((s) => { s.setAttribute('tabindex', '0'); s.setAttribute('aria-label', 'Query editor, scrollable'); });
    // Only tabs belong in a tab list: the add-tab button says it is one (YASGUI inserts new tabs before it, so it stays in place).
    root.querySelectorAll('.tabsList button.addTab:not([role])').forEach((button) => { button.setAttribute('role', 'tab'); button.setAttribute('aria-selected', 'false'); });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; apply(); });
  }).observe(root, { childList: true, subtree: true });
  apply();
}

start().catch((error) => {
  const box = document.getElementById('yasgui');
  if (box) box.textContent = `The full editor could not be loaded (${(error as Error).message}); the form above still runs queries.`;
});
