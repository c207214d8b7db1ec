/**
 * Vector Store: n8n's vector store nodes in their main-flow modes, with the Default Data Loader, the Recursive
 * Character Text Splitter and OpenAI-compatible embeddings folded in.
 * - insert: each input item becomes a document (its JSON, an expression, or a text file), split into chunks,
 *   embedded and stored; output: one item { pageContent, metadata } per chunk stored.
 * - load: for each input item, the `topK` chunks most similar to `prompt`: { document: { pageContent, metadata }, score }.
 * Back-ends: the Simple store (Weft's Postgres, per owner and memory key), Qdrant or Pinecone. The agent searches the same
 * stores through its `vectorStore` tool (n8n's "retrieve as tool" mode).
 */
import { defineNode, NodeError, z, type Item, type NodeContext } from '../sdk';
import { itemDocuments, type Document } from './documents';
import {
  EMBEDDINGS_SLOT,
  embeddingsCredentialSlot,
  insertDocuments,
  PINECONE_SLOT,
  pineconeCredentialSlot,
  QDRANT_SLOT,
  qdrantCredentialSlot,
  searchDocuments,
  StoreError,
  storeFields,
  type StoreCredentials,
} from './store';

export const vectorStoreParams = z.object({
  mode: z.enum(['insert', 'load']).default('insert').describe('insert: store the input items as documents; load: the documents most similar to a prompt'),
  ...storeFields,
  // insert
  dataType: z.enum(['json', 'binary']).default('json').describe('Insert: text from the item\'s JSON, or from a text/JSON file in its binary data'),
  jsonMode: z.enum(['allInputData', 'expressionData']).default('allInputData').describe('Insert: the whole item, or the text of jsonData'),
  jsonData: z.unknown().optional().describe('Insert: the text to store, usually an expression such as {{ $json.text }}'),
  binaryField: z.string().default('').describe('Insert: binary property holding the file (default: the first)'),
  metadata: z.record(z.string(), z.unknown()).default({}).describe('Insert: metadata stored with each chunk (values may be expressions)'),
  splitter: z
    .enum(['recursiveCharacter', 'token', 'none'])
    .default('recursiveCharacter')
    .describe('Insert: split the text into chunks by characters (n8n Recursive Character Text Splitter) or by approximate tokens (n8n Token Splitter), or store it whole'),
  chunkSize: z.number().int().min(1).default(1000).describe('Insert: maximum characters (tokens for the token splitter) per chunk'),
  chunkOverlap: z.number().int().min(0).default(200).describe('Insert: characters (tokens) a chunk repeats from the previous one'),
  clearStore: z.boolean().default(false).describe('Insert, Simple store or Pinecone: empty the store (the namespace) before inserting'),
  // load
  prompt: z.string().default('').describe('Load: the text to search for, usually an expression'),
  topK: z.number().int().min(1).max(100).default(4).describe('Load: how many documents'),
  includeMetadata: z.boolean().default(true).describe('Load: output each document\'s metadata'),
});
export type VectorStoreParams = z.output<typeof vectorStoreParams>;

/** The node's credentials, those that are set (a local embeddings server or Qdrant may need none). */
export async function storeCredentials(ctx: Pick<NodeContext, 'node' | 'credentials'>): Promise<StoreCredentials> {
  const has = (slot: string) => Boolean(ctx.node.credentials?.[slot]);
  return {
    ...(has(EMBEDDINGS_SLOT) ? { embeddings: await ctx.credentials(EMBEDDINGS_SLOT) } : {}),
    ...(has(QDRANT_SLOT) ? { qdrant: await ctx.credentials(QDRANT_SLOT) } : {}),
    ...(has(PINECONE_SLOT) ? { pinecone: await ctx.credentials(PINECONE_SLOT) } : {}),
  };
}

export const vectorStoreNode = defineNode({
  type: 'vectorStore',
  version: 1,
  displayName: 'Vector Store',
  description: 'Stores documents as embeddings (Simple store in Postgres, or Qdrant) and finds those most similar to a prompt',
  category: 'ai',
  icon: 'database',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: vectorStoreParams,
  credentials: [embeddingsCredentialSlot, { ...qdrantCredentialSlot, shownWhen: { backend: ['qdrant'] } }, { ...pineconeCredentialSlot, shownWhen: { backend: ['pinecone'] } }],
  async execute(ctx) {
    const name = ctx.node.name;
    const creds = await storeCredentials(ctx);
    const fail = (err: unknown, itemIndex?: number): never => {
      if (err instanceof NodeError || ctx.signal.aborted) throw err;
      const field = err instanceof StoreError ? err.field : undefined;
      throw new NodeError(`Node "${name}"${field && !field.startsWith('credentials.') ? `, field "${field}"` : ''}: ${(err as Error).message}`, { field, itemIndex });
    };
    const out: Item[] = [];
    const first: VectorStoreParams = ctx.params(0);
    if (first.mode === 'insert') {
      // One store call for all items: the store settings are those of the first item.
      const docs: { doc: Document; item: number }[] = [];
      for (let i = 0; i < ctx.items.length; i++) {
        const p: VectorStoreParams = i === 0 ? first : ctx.params(i);
        for (const doc of itemDocuments(ctx.items[i], p, name, i)) docs.push({ doc, item: i });
      }
      await insertDocuments(ctx.services, first, creds, docs.map((d) => d.doc), ctx.signal, { clear: first.clearStore }).catch((err) => fail(err));
      for (const d of docs) out.push({ json: { pageContent: d.doc.pageContent, metadata: d.doc.metadata }, pairedItem: { item: d.item } });
      return { main: out };
    }
    for (let i = 0; i < ctx.items.length; i++) {
      const p: VectorStoreParams = i === 0 ? first : ctx.params(i);
      if (!p.prompt.trim()) throw new NodeError(`Node "${name}", field "prompt": the text to search for is empty (item ${i})`, { field: 'prompt', itemIndex: i });
      const hits = await searchDocuments(ctx.services, p, creds, p.prompt, p.topK, ctx.signal).catch((err) => fail(err, i));
      for (const h of hits) {
        out.push({
          json: { document: { pageContent: h.document.pageContent, ...(p.includeMetadata ? { metadata: h.document.metadata } : {}) }, score: h.score },
          pairedItem: { item: i },
        });
      }
    }
    return { main: out };
  },
});

export default vectorStoreNode;
