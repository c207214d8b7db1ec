/**
 * Static scan for the nodes an expression reads ($('X'), $node["X"], $node.X, $items("X")), so the runtime can
 * preload their runs. 'dynamic' when a name is computed (then the runtime must be ready for any node).
 */
const STR = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\x60([^\x60$\\]*)\x60)`;
const CALL_RE = new RegExp(String.raw`(?<![\w$.])\$(?:items)?\(\s*(?:${STR}\s*[,)]|([^)\s]))`, 'g');
const NODE_INDEX_RE = new RegExp(String.raw`(?<![\w$.])\$node\s*(?:\[\s*(?:${STR}\s*\]|([^\]\s]))|\.\s*([A-Za-z_$][\w$]*))`, 'g');

export function referencedNodeNames(expr: string): string[] | 'dynamic' {
  if (typeof expr !== 'string' || !expr.includes('$')) return [];
  const names = new Set<string>();
  for (const m of expr.matchAll(CALL_RE)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (name !== undefined) names.add(unescapeJs(name));
    else if (m[4] !== undefined) {
      // `$items()` with no name reads the current input; anything else is computed.
      if (!(m[0].startsWith('$items') && m[4] === ')')) return 'dynamic';
    }
  }
  for (const m of expr.matchAll(NODE_INDEX_RE)) {
    const name = m[1] ?? m[2] ?? m[3] ?? m[5];
    if (name !== undefined) names.add(unescapeJs(name));
    else if (m[4] !== undefined) return 'dynamic';
  }
  return [...names];
}

function unescapeJs(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, '$1') : s;
}
