// Type-ahead for the search box in every page's header (an ARIA combobox): after
// a short pause it asks /search?q=...&format=json for a few results per kind and
// lists them; arrows move, Enter opens, Escape closes. Without JavaScript the box
// is a plain form that submits to /search.

interface Hit { iri: string; href: string; label: string; kind: string; date?: string; description?: string }
interface Group { kind: string; title: string; total: number; hits: Hit[] }
interface Answer { query: string; groups: Group[] }

const input = document.getElementById('site-search-q') as HTMLInputElement | null;
const list = document.getElementById('site-search-suggestions') as HTMLUListElement | null;
const DELAY_MS = 150;
const MIN_LENGTH = 2;

if (input && list) {
  let timer: number | undefined;
  let controller: AbortController | undefined;
  let options: HTMLLIElement[] = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (index: number) => {
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const show = (answer: Answer) => {
    list.innerHTML = '';
    options = [];
    for (const group of answer.groups) {
      const heading = document.createElement('li');
      heading.className = 'group';
      heading.setAttribute('role', 'presentation');
      heading.textContent = `${group.title} (${group.total})`;
      list.append(heading);
      for (const hit of group.hits) {
        const option = document.createElement('li');
        option.id = `suggestion-${options.length}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.dataset.href = hit.href;
        option.textContent = hit.label;
        const detail = [hit.date, hit.description].filter(Boolean).join(' · ');
        if (detail) {
          const small = document.createElement('span');
          small.className = 'muted';
          small.textContent = detail;
          option.append(small);
        }
        option.addEventListener('mousedown', (event) => { event.preventDefault(); location.href = hit.href; });
        list.append(option);
        options.push(option);
      }
    }
    const all = document.createElement('li');
    all.id = `suggestion-${options.length}`;
    all.setAttribute('role', 'option');
    all.setAttribute('aria-selected', 'false');
    all.dataset.href = `/search?${new URLSearchParams({ q: answer.query })}`;
    all.textContent = options.length ? `All results for “${answer.query}”` : `Nothing found for “${answer.query}”: search anyway`;
    all.addEventListener('mousedown', (event) => { event.preventDefault(); location.href = all.dataset.href!; });
    list.append(all);
    options.push(all);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  };

  const ask = async () => {
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) return close();
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/search?${new URLSearchParams({ q: query, format: 'json', limit: '4' })}`, { signal: controller.signal, headers: { Accept: 'application/json' } });
      if (!res.ok) return close();
      const answer = await res.json() as Answer;
      if (input.value.trim() === query) show(answer);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') close();
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, DELAY_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown') { event.preventDefault(); highlight((active + 1) % options.length); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); highlight(active <= 0 ? options.length - 1 : active - 1); }
    else if (event.key === 'Escape') { close(); }
    else if (event.key === 'Enter' && active >= 0) { event.preventDefault(); location.href = options[active].dataset.href!; }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 100));
}
