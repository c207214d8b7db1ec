/**
 * The agent's vector store tool (n8n's vector store in "retrieve as tool" mode, or a Vector Store Tool over
 * one): the model gives a query, the tool returns the `topK` most similar chunks of the store as JSON.
 */
import { NodeError, z, type NodeContext } from '../sdk';
import type { ToolBinding } from '../agent/tools';
import { searchDocuments, StoreError, storeFields, type StoreCredentials } from './store';
import { storeCredentials } from './index';

export const vectorStoreToolSchema = z.object({
  kind: z.literal('vectorStore'),
  name: z.string().min(1).default('knowledge_base'),
  description: z.string().default('Searches the knowledge base for passages relevant to the query'),
  ...storeFields,
  topK: z.number().int().min(1).max(100).default(4).describe('Passages returned per search'),
  includeMetadata: z.boolean().default(true),
});
export type VectorStoreTool = z.output<typeof vectorStoreToolSchema>;

const PARAMETERS = {
  type: 'object',
  properties: { query: { type: 'string', description: 'What to look for in the knowledge base' } },
  required: ['query'],
};

/** The credentials the agent's vector store tools use: the agent's embeddingsApi and qdrantApi slots. */
export function vectorToolCredentials(ctx: Pick<NodeContext, 'node' | 'credentials'>): Promise<StoreCredentials> {
  return storeCredentials(ctx);
}

export function vectorStoreBinding(
  ctx: Pick<NodeContext, 'services'>,
  tool: VectorStoreTool,
  name: string,
  creds: Promise<StoreCredentials>,
  timeoutMs: number,
): ToolBinding {
  return {
    name,
    description: tool.description,
    parameters: PARAMETERS,
    source: `vectorStore:${tool.backend}:${tool.backend === 'memory' ? tool.memoryKey : tool.backend === 'qdrant' ? tool.qdrantCollection : tool.pineconeIndex}`,
    async invoke(args, signal) {
      const query = [args.query, args.input].find((v) => typeof v === 'string' && v.trim());
      if (query === undefined) return { text: 'Give what to look for as "query"', isError: true };
      try {
        const hits = await searchDocuments(ctx.services, tool, await creds, String(query), tool.topK, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
        const docs = hits.map((h) => ({ pageContent: h.document.pageContent, ...(tool.includeMetadata ? { metadata: h.document.metadata } : {}) }));
        return { text: JSON.stringify(docs), isError: false };
      } catch (err) {
        if (signal.aborted) throw err;
        return { text: `Tool call failed: ${(err as Error).message}${err instanceof StoreError ? ` (check ${err.field})` : ''}`, isError: true };
      }
    },
  };
}

/** Retrieval before the model call (n8n's Question and Answer Chain with a Vector Store Retriever). */
export const retrievalSchema = z
  .object({
    ...storeFields,
    topK: z.number().int().min(1).max(100).default(4).describe('Chunks put into the context'),
  })
  .describe('Search this vector store with the prompt first and give the model the chunks found as context (n8n Question and Answer Chain)');
export type Retrieval = z.output<typeof retrievalSchema>;

export const DEFAULT_CONTEXT_PROMPT =
  "Answer the question using the pieces of context below. If they do not contain the answer, say that you don't know; do not make one up.\n----------------\nContext: {context}";

/**
 * The system prompt with the retrieved chunks: in place of `{context}` when the prompt has it (as n8n's
 * templates do), else after it.
 */
export async function systemWithContext(
  ctx: Pick<NodeContext, 'node' | 'services' | 'credentials' | 'signal'>,
  r: Retrieval,
  prompt: string,
  systemPrompt: string,
  itemIndex: number,
): Promise<string> {
  let hits;
  try {
    hits = await searchDocuments(ctx.services, r, await storeCredentials(ctx), prompt, r.topK, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const field = err instanceof StoreError && !err.field.startsWith('credentials.') ? `retrieval.${err.field}` : err instanceof StoreError ? err.field : 'retrieval';
    throw new NodeError(`Node "${ctx.node.name}", field "${field}": ${(err as Error).message}`, { field, itemIndex });
  }
  const context = hits.map((h) => h.document.pageContent).join('\n\n');
  const template = systemPrompt.trim() ? systemPrompt : DEFAULT_CONTEXT_PROMPT;
  return template.includes('{context}') ? template.split('{context}').join(context) : `${template}\n\nContext:\n${context}`;
}
