/**
 * A recursive character text splitter (what n8n's Recursive Character Text Splitter does): split at the first
 * separator the text contains (paragraphs, then lines, then words, then characters), merge the pieces back
 * into chunks of at most `chunkSize` characters, each starting with up to `chunkOverlap` characters of the
 * previous one, and split any piece still too long with the next separator.
 */
export const DEFAULT_SEPARATORS = ['\n\n', '\n', ' ', ''];

export function splitText(text: string, chunkSize: number, chunkOverlap: number, separators = DEFAULT_SEPARATORS): string[] {
  if (chunkSize < 1) throw new Error('chunkSize must be at least 1');
  if (chunkOverlap >= chunkSize) throw new Error(`chunkOverlap (${chunkOverlap}) must be smaller than chunkSize (${chunkSize})`);
  return split(text, separators, chunkSize, Math.max(0, chunkOverlap)).map((c) => c.trim()).filter(Boolean);
}

function split(text: string, separators: string[], size: number, overlap: number): string[] {
  const i = separators.findIndex((s) => s === '' || text.includes(s));
  const sep = i < 0 ? '' : separators[i];
  const rest = i < 0 ? [] : separators.slice(i + 1);
  const pieces = sep === '' ? [...text] : text.split(sep).filter((p) => p !== '');
  const out: string[] = [];
  let small: string[] = [];
  for (const piece of pieces) {
    if (piece.length <= size) {
      small.push(piece);
      continue;
    }
    if (small.length) out.push(...merge(small, sep, size, overlap));
    small = [];
    out.push(...(rest.length ? split(piece, rest, size, overlap) : [piece]));
  }
  if (small.length) out.push(...merge(small, sep, size, overlap));
  return out;
}

/** Pieces (each at most `size`) joined into chunks of at most `size`, carrying up to `overlap` characters of pieces over. */
function merge(pieces: string[], sep: string, size: number, overlap: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  const joinedLength = (n: number) => length + n + (current.length ? sep.length : 0);
  for (const piece of pieces) {
    if (current.length && joinedLength(piece.length) > size) {
      chunks.push(current.join(sep));
      // Drop pieces from the front until what is left fits the overlap and leaves room for this piece.
      while (current.length && (length > overlap || joinedLength(piece.length) > size)) {
        length -= current[0].length + (current.length > 1 ? sep.length : 0);
        current.shift();
      }
    }
    length = joinedLength(piece.length);
    current.push(piece);
  }
  if (current.length) chunks.push(current.join(sep));
  return chunks;
}

/**
 * Approximate tokens (n8n's Token Splitter counts GPT tokens; Weft has no tokenizer): pieces as GPT-2's
 * pre-tokenizer cuts text (a word with its leading space, up to 3 digits, one punctuation mark), a word longer
 * than 4 letters counting one token per 4 letters. Joining the pieces gives the text back exactly.
 */
export function approximateTokens(text: string): string[] {
  const pieces = text.match(/ ?[A-Za-z\u00C0-\u024F]+| ?\d{1,3}| ?[^\sA-Za-z\d]|\s+(?!\S)|\s+/g) ?? [];
  const out: string[] = [];
  for (const p of pieces) {
    if (p.replace(/^ /, '').length <= 5) out.push(p);
    else for (let i = 0; i < p.length; i += 4) out.push(p.slice(i, i + 4));
  }
  return out;
}

/** Windows of `chunkSize` approximate tokens, each repeating the last `chunkOverlap` tokens of the previous one. */
export function splitTokens(text: string, chunkSize: number, chunkOverlap: number): string[] {
  if (chunkSize < 1) throw new Error('chunkSize must be at least 1');
  if (chunkOverlap >= chunkSize) throw new Error(`chunkOverlap (${chunkOverlap}) must be smaller than chunkSize (${chunkSize})`);
  const tokens = approximateTokens(text);
  const out: string[] = [];
  for (let start = 0; start < tokens.length; start += chunkSize - Math.max(0, chunkOverlap)) {
    out.push(tokens.slice(start, start + chunkSize).join(''));
    if (start + chunkSize >= tokens.length) break;
  }
  return out.map((c) => c.trim()).filter(Boolean);
}
