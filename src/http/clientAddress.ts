// Who a request comes from, for per-client limits: the socket's address, or the
// forwarded one when the server runs behind a trusted proxy (TRUST_PROXY, which
// makes Express read X-Forwarded-For into req.ip). IPv6 clients are grouped by
// their /64, which one host can fill with addresses of its own.

import { isIPv6 } from 'node:net';
import { type Request } from 'express';

export function clientOf(req: Request): string {
  const address = (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const middle = address.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...middle, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
