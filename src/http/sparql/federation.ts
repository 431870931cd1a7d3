// SERVICE clauses. The embedded engine cannot federate, and the server must
// never be made to connect to an address a client chooses: SERVICE to a host
// that is not on the allowlist is refused; to an allowed host, it is reported
// as not supported by this engine. No connection is ever attempted.

import { HttpError } from '../httpError.js';
import { maskQuery } from '../../store/queryForm.js';

/** The IRIs named by SERVICE clauses, or '?' for SERVICE ?var. */
export function serviceTargets(query: string): string[] {
  // Strings and comments out of the way, IRIs kept: SERVICE names one.
  const text = maskQuery(query, { keepIris: true });
  const targets: string[] = [];
  const pattern = /\bSERVICE\s+(?:SILENT\s+)?(<[^>]*>|[?$][A-Za-z_][\w]*|[A-Za-z][\w-]*:[^\s{]*)/gi;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const target = match[1];
    targets.push(target.startsWith('<') ? target.slice(1, -1) : target.startsWith('?') || target.startsWith('$') ? '?' : target);
  }
  return targets;
}

export function checkFederation(query: string, allowlist: string[]): void {
  for (const target of serviceTargets(query)) {
    let host: string | undefined;
    try { host = new URL(target).hostname; } catch { host = undefined; }
    if (!host || !allowlist.includes(host)) {
      throw new HttpError(403, `SERVICE ${target === '?' ? 'with a variable' : `<${target}>`} is refused: this endpoint does not connect to other hosts unless they are on its allowlist (currently ${allowlist.length ? allowlist.join(', ') : 'empty'}).`);
    }
    throw new HttpError(501, `SERVICE <${target}> is allowed by configuration, but the embedded Oxigraph engine cannot run federated queries; run the federated query from a store that can (see docs/wikidata.md).`);
  }
}
