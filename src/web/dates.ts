// EDTF dates as a reader says them, no more exact than they are: "1939-10-16" is
// 16 October 1939, "1939-10" October 1939, "1939-10~" about October 1939,
// "1939-11-13/1939-11-14" 13–14 November 1939, "1932/.." from 1932.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function single(value: string): string | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([~?%]?)$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, qualifier] = match;
  const text = day ? `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}` : month ? `${MONTHS[Number(month) - 1]} ${year}` : year;
  return qualifier === '~' ? `about ${text}` : qualifier === '?' ? `${text} (probably)` : qualifier === '%' ? `about ${text} (probably)` : text;
}

/** A date range with the shared month or year said once: 13–14 November 1939. */
function range(from: string, to: string): string | undefined {
  const a = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(to);
  if (a && b && a[1] === b[1] && a[2] === b[2]) return `${Number(a[3])}–${Number(b[3])} ${MONTHS[Number(a[2]) - 1]} ${a[1]}`;
  const first = single(from);
  const second = single(to);
  return first && second ? `${first} – ${second}` : undefined;
}

export function humanDate(edtf: string | undefined): string {
  if (!edtf) return '';
  const value = edtf.trim();
  const bracket = /^\[\.\.(.+)\]$/.exec(value);
  if (bracket) return `at some time up to ${single(bracket[1]) ?? bracket[1]}`;
  if (value.includes('/')) {
    const [from, to] = value.split('/');
    if (to === '..' || to === '') return `from ${single(from) ?? from}`;
    if (from === '..' || from === '') return `until ${single(to) ?? to}`;
    return range(from, to) ?? value;
  }
  return single(value) ?? value;
}

/** "1939-10" from an xsd:date, for grouping by month; and the month's name. */
export function monthKey(isoDate: string | undefined): string {
  return isoDate && /^\d{4}-\d{2}/.test(isoDate) ? isoDate.slice(0, 7) : '';
}

export function monthName(key: string): string {
  if (!/^\d{4}-\d{2}$/.test(key)) return 'Undated';
  return `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
}
