// Loads Cytoscape (with fCoSE) from its own bundle once the page has loaded: it
// is most of a view's script weight, and the page is usable without it meanwhile.

import type cytoscape from 'cytoscape';

let loading: Promise<typeof cytoscape> | undefined;

function whenLoaded(): Promise<void> {
  return document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

export function loadCytoscape(): Promise<typeof cytoscape> {
  loading ??= whenLoaded().then(() => new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/assets/js/cytoscapeBundle.js';
    script.onload = () => resolve((window as unknown as { DelicacyCytoscape: typeof cytoscape }).DelicacyCytoscape);
    script.onerror = () => reject(new Error('Could not load the network drawing code.'));
    document.head.append(script);
  }));
  return loading;
}
