/**
 * Completions for the Code node's editor: n8n's Code node variables ($json, $input, $('Node'), $node,
 * $now, $execution, items, ...), their members, the workflow's node names inside $('…') and $node['…'],
 * and the fields of the last run's first input item after `$json.`. Pure: the CodeMirror source in
 * code-mirror.tsx maps the result onto the editor, so this is testable without a DOM.
 */

export interface CodeCompletion {
  label: string;
  type: 'variable' | 'function' | 'method' | 'property' | 'class' | 'text';
  detail?: string;
  /** Text inserted instead of the label (e.g. `$('')` with the cursor inside is left to the user). */
  apply?: string;
  /** Where the cursor goes inside `apply` (e.g. between the quotes of `$('')`); after it when unset. */
  cursor?: number;
}

export interface CodeCompletionContext {
  /** Names of the workflow's nodes, for $('…') and $node['…']. */
  nodeNames: readonly string[];
  /** Field names of the input item the last run saw (for `$json.`), if any. */
  jsonKeys: readonly string[];
}

export interface CodeCompletionResult {
  /** Offset in `before` where the completed word starts. */
  from: number;
  options: CodeCompletion[];
  /** True when there is no word typed yet (a source may wait for an explicit request). */
  empty: boolean;
  /** node: a name inside $('…'); member: after a dot; global: a bare word. */
  kind: 'node' | 'member' | 'global';
}

const v = (label: string, detail: string, type: CodeCompletion['type'] = 'variable'): CodeCompletion => ({ label, type, detail });
const fn = (label: string, detail: string, apply = `${label}()`): CodeCompletion => ({ label: `${label}()`, type: 'method', detail, apply });
const prop = (label: string, detail: string): CodeCompletion => ({ label, type: 'property', detail });

export const GLOBALS: readonly CodeCompletion[] = [
  v('$json', 'the current item’s JSON (each-item mode)'),
  v('$binary', 'the current item’s binary data'),
  v('$input', 'this node’s input: all(), first(), last(), item'),
  { label: "$('Node')", type: 'function', detail: 'another node’s items: .all(), .first(), .item', apply: "$('')", cursor: 3 },
  v('$node', "$node['Node'].json: another node’s output"),
  v('$now', 'the current time (Luxon DateTime)'),
  v('$today', 'today at midnight (Luxon DateTime)'),
  v('$execution', 'this execution: id, mode'),
  v('$workflow', 'this workflow: id, name, active'),
  v('$vars', 'workflow variables'),
  v('$itemIndex', 'the index of the current item'),
  v('$runIndex', 'how many times this node ran before in this execution'),
  v('$prevNode', 'the node that sent the input: name, outputIndex'),
  v('$jmespath', '$jmespath(object, query)', 'function'),
  v('$getWorkflowStaticData', "$getWorkflowStaticData('global' | 'node')", 'function'),
  v('items', 'all input items (all-items mode)'),
  v('item', 'the current item (each-item mode)'),
  v('DateTime', 'Luxon DateTime', 'class'),
  v('console', 'console.log: captured into the node’s log'),
];

const ITEM_MEMBERS = [prop('json', 'the item’s JSON'), prop('binary', 'the item’s binary data'), prop('pairedItem', 'the input item it came from')];

const ITEMS_MEMBERS = [
  fn('all', 'every item'),
  fn('first', 'the first item'),
  fn('last', 'the last item'),
  prop('item', 'the item paired with the current one'),
];

const NODE_ITEMS_MEMBERS = [...ITEMS_MEMBERS, fn('itemMatching', 'the item paired with input item i', 'itemMatching(0)'), prop('params', 'the node’s parameters')];

const DATE_MEMBERS = [
  fn('toISO', 'ISO 8601 text'),
  fn('toFormat', "toFormat('yyyy-MM-dd')", "toFormat('yyyy-MM-dd')"),
  fn('plus', 'plus({ days: 1 })', 'plus({ days: 1 })'),
  fn('minus', 'minus({ days: 1 })', 'minus({ days: 1 })'),
  fn('startOf', "startOf('day')", "startOf('day')"),
  fn('toMillis', 'milliseconds since 1970'),
  prop('year', 'number'),
  prop('month', 'number, 1-12'),
  prop('day', 'day of the month'),
  prop('weekday', '1 = Monday'),
];

/** Members by the normalised expression before the dot ($('X') → $(), calls → (), indexes → []). */
function membersOf(chain: string, ctx: CodeCompletionContext): CodeCompletion[] | null {
  const jsonFields = ctx.jsonKeys.map((k) => prop(k, 'field of the last input item'));
  switch (chain) {
    case '$input':
    case '$items()':
      return ITEMS_MEMBERS;
    case '$()':
      return NODE_ITEMS_MEMBERS;
    case '$json':
    case '$input.item.json':
    case '$input.first().json':
    case 'item.json':
    case 'items[].json':
      return jsonFields;
    case '$now':
    case '$today':
      return DATE_MEMBERS;
    case '$execution':
      return [prop('id', 'the execution id'), prop('mode', "'manual' or 'trigger'"), prop('resumeUrl', 'URL that resumes a waiting execution'), prop('customData', 'set/get custom data')];
    case '$workflow':
      return [prop('id', 'the workflow id'), prop('name', 'the workflow name'), prop('active', 'whether its triggers are on')];
    case '$node[]':
      return [prop('json', 'the node’s first output item JSON'), prop('parameter', 'the node’s parameters')];
    case '$prevNode':
      return [prop('name', 'the node that sent the input'), prop('outputIndex', 'its output'), prop('runIndex', 'its run')];
    case 'DateTime':
      return [fn('now', 'the current time'), { ...fn('fromISO', "DateTime.fromISO('2024-01-31')", "fromISO('')"), cursor: 9 }, fn('fromMillis', 'DateTime.fromMillis(ms)', 'fromMillis(0)')];
    case 'console':
      return [{ ...fn('log', 'captured into the node’s log'), cursor: 4 }, { ...fn('warn', 'captured'), cursor: 5 }, { ...fn('error', 'captured'), cursor: 6 }];
    case 'item':
    case 'items[]':
      return ITEM_MEMBERS;
  }
  // $input.first(), $('X').item, $('X').last(), $input.all()[0], ...: an item.
  if (/^(\$input|\$\(\)|\$items\(\))(\.(first|last|itemMatching)\(\)|\.item|\.all\(\)\[\])$/.test(chain)) return ITEM_MEMBERS;
  if (/^(\$input|\$\(\)|\$items\(\))(\.(first|last|itemMatching)\(\)|\.item|\.all\(\)\[\])\.json$/.test(chain)) return jsonFields;
  return null;
}

/** $('a b').first(0) → $().first(); $node["x"] → $node[]; items[3] → items[]. */
export function normaliseChain(text: string): string {
  return text
    .replace(/\$\(\s*(['"`])(?:(?!\1).)*\1\s*\)/g, '$()')
    .replace(/\[\s*(['"`])(?:(?!\1).)*\1\s*\]/g, '[]')
    .replace(/\[\s*\d+\s*\]/g, '[]')
    .replace(/\(([^()]*)\)/g, '()')
    .replace(/\s+/g, '');
}

function quoteSafe(name: string, quote: string): string {
  return name.replace(/\\/g, '\\\\').split(quote).join(`\\${quote}`);
}

/** What to offer for `before`, the text of the line up to the cursor. */
export function codeCompletions(before: string, ctx: CodeCompletionContext): CodeCompletionResult | null {
  // Inside $('…') or $node['…']: node names.
  const named = /(?:\$\(\s*|\$node\[\s*)(['"`])((?:(?!\1)[^\\]|\\.)*)$/.exec(before);
  if (named) {
    const quote = named[1]!;
    const from = before.length - named[2]!.length;
    const options = ctx.nodeNames.map((n) => ({ label: n, type: 'text' as const, detail: 'node', apply: quoteSafe(n, quote) }));
    return { from, options, empty: named[2] === '', kind: 'node' };
  }
  // A member: `<chain>.<word>`.
  const member = /((?:\$\(\s*(['"`])(?:(?!\2).)*\2\s*\)|[\w$]+)(?:\s*\([^()]*\)|\s*\[[^\]]*\]|\s*\.\s*[\w$]+)*)\s*\.\s*([\w$]*)$/.exec(before);
  if (member) {
    const options = membersOf(normaliseChain(member[1]!), ctx);
    if (!options) return null;
    return { from: before.length - member[3]!.length, options, empty: member[3] === '', kind: 'member' };
  }
  // A bare word (or nothing yet): the globals.
  const word = /[\w$]*$/.exec(before)![0];
  if (/^\d/.test(word)) return null;
  return { from: before.length - word.length, options: [...GLOBALS], empty: word === '', kind: 'global' };
}
