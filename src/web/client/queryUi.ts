// The query UI: YASGUI (loaded before this script from our copy of the npm
// package) with our starting query and the example gallery. Settings come from a
// JSON data block, so the page needs no inline script (Content-Security-Policy).
// A query handed over in a link (#query=...) is put in a tab but not run: the
// reader runs it, so a link cannot make visitors' browsers run expensive queries.

interface Example { id: string; question: string; query: string }
interface Settings { start: string; examples: Example[] }
interface YasqeLike { getValue(): string; setValue(value: string): void; query(): void }
interface TabLike { getId(): string; getYasqe(): YasqeLike }
interface YasguiLike { getTab(): TabLike | undefined; addTab(select: boolean, config: unknown): TabLike; selectTabId(id: string): void }
interface YasguiConstructor {
  new (element: HTMLElement, config: unknown): YasguiLike;
  Yasqe: { defaults: { value: string } };
}

const settings = JSON.parse(document.getElementById('query-ui-settings')!.textContent!) as Settings;
// Read before YASGUI starts: it would otherwise take the query from the URL itself.
const handed = new URLSearchParams(location.hash.slice(1)).get('query');
const Yasgui = (window as unknown as { Yasgui: YasguiConstructor }).Yasgui;
const yasgui = new Yasgui(document.getElementById('yasgui')!, {
  requestConfig: { endpoint: '/sparql', method: 'POST' },
  copyEndpointOnNewTab: true,
  persistenceId: null,
  populateFromUrl: false,
  yasqe: { value: settings.start },
});
Yasgui.Yasqe.defaults.value = settings.start;
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
(window as unknown as { yasgui: YasguiLike }).yasgui = yasgui;
