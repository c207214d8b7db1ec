/**
 * code: runs the user's JavaScript in the sandbox (n8n's Code node; the legacy Function node imports as this).
 *
 * Params:
 *   mode: 'runOnceForAllItems' (default) | 'runOnceForEachItem'
 *   jsCode: the code. All items: `$input.all()`, `items`; return an array of objects or { json } items.
 *           Each item: `$json`, `$input.item`; return one object. Everywhere: $('Node').first()/item, $now,
 *           DateTime, $execution, $workflow, $vars, console.log (captured), await.
 *   language: 'javaScript' (Python is not supported: the node fails with a clear message).
 * The runtime lends the sandbox through ctx.services.runCode; pairedItem is set by the runner.
 */
import { defineNode, NodeError, z } from '../sdk';

export const DEFAULT_JS_CODE = `// Loop over input items and add a new field called 'myNewField' to the JSON of each one
for (const item of $input.all()) {
  item.json.myNewField = 1;
}

return $input.all();`;

export const code = defineNode({
  type: 'code',
  version: [1, 2],
  displayName: 'Code',
  description: 'Run custom JavaScript on the items (sandboxed)',
  category: 'transform',
  icon: 'code',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: z.object({
    mode: z.enum(['runOnceForAllItems', 'runOnceForEachItem']).default('runOnceForAllItems').describe('Run once for all items, or once for each item'),
    language: z.enum(['javaScript', 'python', 'pythonNative']).default('javaScript').describe('Only JavaScript runs in Weft'),
    jsCode: z.string().default(DEFAULT_JS_CODE).describe('JavaScript code').meta({ editor: 'javascript' }),
    pythonCode: z.string().optional().describe('Kept from n8n imports; not executed'),
  }),
  async execute(ctx) {
    const raw = ctx.rawParams;
    const mode = raw.mode === 'runOnceForEachItem' ? 'runOnceForEachItem' : 'runOnceForAllItems';
    const language = typeof raw.language === 'string' ? raw.language : 'javaScript';
    if (language !== 'javaScript') {
      throw new NodeError(`Node "${ctx.node.name}": Python code is not supported in Weft; rewrite it in JavaScript (set language to JavaScript)`, {
        field: 'language',
      });
    }
    // The code is taken as written: it is never an expression, even if it starts with '='.
    const jsCode = typeof raw.jsCode === 'string' ? raw.jsCode : DEFAULT_JS_CODE;
    if (!jsCode.trim()) throw new NodeError(`Node "${ctx.node.name}": the code is empty`, { field: 'jsCode' });
    if (!ctx.services.runCode) {
      throw new NodeError(`Node "${ctx.node.name}": this runtime provides no code sandbox (services.runCode)`);
    }
    try {
      const items = await ctx.services.runCode({ code: jsCode, mode, items: ctx.items });
      return { main: items };
    } catch (err) {
      if (err instanceof NodeError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const details = (err as { details?: { itemIndex?: number } }).details;
      throw new NodeError(`Node "${ctx.node.name}": ${message}`, { field: 'jsCode', itemIndex: details?.itemIndex });
    }
  },
});
