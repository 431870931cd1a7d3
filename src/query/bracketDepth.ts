// How deeply the brackets of a query text nest, found in one linear pass that
// skips strings, IRIs and comments. Not a parser: a guard that runs before the
// parser, because the parser (Traqula, recursive descent on Chevrotain) spends
// stack and time on every level of nesting (in a query worker's 4 MB stack it
// reaches 400 to 2,500 levels depending on the construct, then throws a
// RangeError), and every bracket level is at least one level of the syntax tree,
// so a text over the depth limit can be refused without parsing it.

const IRI = /<[^<>"{}|^`\\\s]*>/y;

export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '"' || c === "'") {
      i = endOfString(text, i);
    } else if (c === '<') {
      IRI.lastIndex = i;
      if (IRI.test(text)) i = IRI.lastIndex - 1;
    } else if (c === '(' || c === '{' || c === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === ')' || c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

/** The index of the quote that closes the string opening at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  const quote = text[start];
  const long = text.startsWith(quote.repeat(3), start);
  let i = start + (long ? 3 : 1);
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') { i += 2; continue; }
    if (long ? text.startsWith(quote.repeat(3), i) : c === quote) return long ? i + 2 : i;
    if (!long && c === '\n') return i; // an unterminated short string: let the parser say so
    i++;
  }
  return text.length;
}
