/**
 * Where the n8n corpus (300 real n8n workflow exports) is: WEFT_N8N_CORPUS, else `../shared/n8n-corpus` beside
 * the repository, else /work/shared/n8n-corpus (a clone made elsewhere on the same machine, as CI does).
 * Undefined when none exists: corpus tests then skip and say so.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');

export function n8nCorpusDir(): string | undefined {
  const candidates = [process.env.WEFT_N8N_CORPUS, path.resolve(repo, '../shared/n8n-corpus'), '/work/shared/n8n-corpus'];
  return candidates.find((d): d is string => !!d && existsSync(d));
}

/** The corpus directory, or a path that does not exist (for callers that check existsSync themselves). */
export const N8N_CORPUS_DIR = n8nCorpusDir() ?? path.resolve(repo, '../shared/n8n-corpus');
