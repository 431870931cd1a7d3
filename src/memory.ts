// The process's JavaScript heaps at corpus scale. V8 lets a heap grow to a
// multiple of what is live before it collects, and gives freed pages back only
// when it next collects: a server holding 250 MB of live indexes in a thread
// then sits 200-300 MB above what it uses. Two levers, used for large releases:
//
// - `useLeanHeaps()`: V8's --optimize-for-size (smaller growth steps, earlier
//   collections) for every heap of the process. Set before the worker threads
//   start, it applies to each of their heaps (queries', reconciliation's, search's). Measured at 100 articles with two
//   workers: settled 1.88 GB instead of 2.03, under fresh competency queries
//   2.06 GB instead of 2.23 (docs/scaling.md); the engine's WebAssembly memory
//   is not a JavaScript heap and is unaffected. The price is CPU: about 30% more
//   per query (33 ms against 25.5 of the process's CPU per competency query at
//   100 articles), mostly more frequent collections of a smaller young
//   generation. LEAN_HEAPS=off takes the speed instead.
// - `collectGarbage()`: a full collection right after a one-off build (an index
//   read from its file leaves the garbage of parsing it), so that the heap
//   shrinks then rather than whenever the next allocations prompt it.

import v8 from 'node:v8';
import vm from 'node:vm';

let lean = false;

/** Memory over speed for the JavaScript heaps from now on (not undone: V8's flags are the process's). */
export function useLeanHeaps(): void {
  if (lean) return;
  v8.setFlagsFromString('--optimize-for-size');
  lean = true;
}

export function leanHeaps(): boolean {
  return lean;
}

let gc: (() => void) | undefined;

/** A full garbage collection of this thread's heap, now. */
export function collectGarbage(): void {
  if (!gc) {
    // V8 exposes `gc` to contexts created after the flag is set: a new one lends it.
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
