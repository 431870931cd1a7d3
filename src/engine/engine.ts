// The one interface every query engine offers the HTTP layer: run a query (with
// its limits, a signal to stop it, and a hook for when it turns out to be long),
// say how many queries it can run at once, and report its state. The embedded
// Oxigraph worker pool is one implementation; a remote SPARQL store can be another.

export interface EngineQuery {
  /** The query as the client sent it; the engine prepares it (src/query/prepare.ts). */
  query: string;
  /** The media type for a result set, and for a graph (the form decides which applies). */
  resultSetType: string;
  graphType: string;
  /** default-graph-uri / named-graph-uri from the protocol. */
  defaultGraphs: string[];
  namedGraphs: string[];
  maxResults: number;
  maxResultBytes: number;
}

export interface EngineResult {
  body: string;
  mediaType: string;
  form: string;
  /** Rows (SELECT), triples (CONSTRUCT/DESCRIBE) or 1 (ASK) returned. */
  count: number;
  /** Cut at the row or byte limit. */
  truncated: false | 'rows' | 'bytes';
}

export interface JobControl {
  /** Aborted when the query must stop (time limit, client gone, scheduler); the reason is the error to report. */
  signal: AbortSignal;
  /** Called (at most once) when the scheduler decides the query is a long one. */
  onLong(listener: () => void): void;
}

export interface EngineStatus {
  ready: boolean;
  /** Queries that can run at once now. */
  capacity: number;
  busy: number;
  workers?: { state: string; busy: boolean; long: boolean; memoryMb?: number; jobs: number }[];
  detail?: string;
}

export interface Engine {
  readonly name: string;
  start(): Promise<void>;
  /** Queries that can run at once right now; `run` is only called while fewer are running. */
  capacity(): number;
  /** Called when capacity changes (a worker ready, replaced, retired). */
  onCapacity(listener: () => void): void;
  /** One more query slot, if the engine may grow now (within its memory budget). */
  grow(): boolean;
  /** How long the slot of a query stopped while running is lost for (absent: stopping is free). */
  stopCostMs?(): number;
  run(query: EngineQuery, control: JobControl): Promise<EngineResult>;
  status(): EngineStatus;
  close(graceMs?: number): Promise<void>;
}
