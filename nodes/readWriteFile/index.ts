/**
 * Read/Write Files from Disk (n8n's readWriteFile; the older readBinaryFile, readBinaryFiles and writeBinaryFile
 * import onto it). Only inside WEFT_FILES_DIR (files.ts), as n8n 2 restricts it to N8N_RESTRICT_FILE_ACCESS_TO.
 *
 * - operation 'read': fileSelector, a path or a glob (`*`, `**`, `?`, `[abc]`), relative to the first allowed
 *   directory; one item per file with the bytes as binary data in options.dataPropertyName (default `data`) and
 *   json { fileName, directory, fileExtension, mimeType, fileSize }; options.fileName / fileExtension / mimeType
 *   override what the output says.
 * - operation 'write': fileName (the path to write), dataPropertyName (the item's binary to write, default
 *   `data`), options.append; directories are created; the item goes on with json.fileName set to the path.
 * Each item is handled on its own (On Error continue applies per item).
 */
import { mkdir, readFile, stat, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { defineNode, z, type Item, type NodeContext } from '../sdk';
import { perItem, fieldError } from '../per-item';
import { bytesOf, extensionOf, makeBinary, mimeFromFileName, requireBinary, sniffMime } from '../binary-data';
import { allowedPath, FileAccessError, matchFiles } from './files';

export const readWriteFileParams = z.object({
  operation: z.enum(['read', 'write']).default('read').describe('Read files into binary data, or write an item\'s binary data to a file'),
  fileSelector: z.string().default('').describe('Path or glob of the files to read, e.g. reports/*.csv (operation: read)'),
  fileName: z.string().default('').describe('Path of the file to write (operation: write)'),
  dataPropertyName: z.string().default('data').describe('The item\'s binary field to write (operation: write)'),
  options: z
    .looseObject({
      fileExtension: z.string().optional(),
      fileName: z.string().optional(),
      mimeType: z.string().optional(),
      dataPropertyName: z.string().optional().describe('Read: the output binary field (default data)'),
      append: z.boolean().optional().describe('Write: append to the file instead of replacing it'),
    })
    .default({}),
});
type Params = z.output<typeof readWriteFileParams>;

const MAX_FILES = 1000;

function accessError(ctx: NodeContext<Params>, field: string, itemIndex: number, err: unknown) {
  if (err instanceof FileAccessError) return fieldError(ctx as NodeContext<unknown>, field, itemIndex, err.message);
  const code = (err as NodeJS.ErrnoException).code;
  const what = code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'cannot be accessed (permission denied)' : (err as Error).message;
  return fieldError(ctx as NodeContext<unknown>, field, itemIndex, what);
}

async function readFiles(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Promise<Item[]> {
  if (!p.fileSelector.trim()) throw fieldError(ctx as NodeContext<unknown>, 'fileSelector', i, 'is empty: give a path or a glob');
  let files: string[];
  try {
    files = await matchFiles(p.fileSelector.trim(), MAX_FILES);
  } catch (err) {
    throw accessError(ctx, 'fileSelector', i, err);
  }
  const prop = p.options.dataPropertyName || 'data';
  const out: Item[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw accessError(ctx, 'fileSelector', i, err);
    }
    const baseName = p.options.fileName || path.basename(file);
    const mimeType = p.options.mimeType || mimeFromFileName(baseName) || sniffMime(bytes) || 'application/octet-stream';
    const binary = makeBinary(bytes, { fileName: baseName, mimeType });
    if (p.options.fileExtension) binary.fileExtension = p.options.fileExtension;
    out.push({
      json: { fileName: baseName, directory: path.dirname(file), fileExtension: binary.fileExtension ?? extensionOf(baseName) ?? '', mimeType, fileSize: bytes.length },
      binary: { [prop]: binary },
      pairedItem: { item: i },
    });
  }
  void item;
  return out;
}

async function writeItem(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Promise<Item> {
  if (!p.fileName.trim()) throw fieldError(ctx as NodeContext<unknown>, 'fileName', i, 'is empty: give the path to write');
  const bin = requireBinary(item, p.dataPropertyName || 'data', ctx.node.name, 'dataPropertyName', i);
  let target: string;
  try {
    target = await allowedPath(p.fileName.trim(), { mustExist: false });
    if ((await stat(target).catch(() => null))?.isDirectory()) throw new FileAccessError(`"${p.fileName}" is a directory`);
    await mkdir(path.dirname(target), { recursive: true });
    await (p.options.append ? appendFile : writeFile)(target, bytesOf(bin));
  } catch (err) {
    throw accessError(ctx, 'fileName', i, err);
  }
  return { json: { ...item.json, fileName: target }, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: i } };
}

export const readWriteFileNode = defineNode({
  type: 'readWriteFile',
  version: 1,
  displayName: 'Read/Write Files from Disk',
  description: 'Reads files from, or writes binary data to, the directories Weft may use (WEFT_FILES_DIR)',
  category: 'data',
  icon: 'hard-drive',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: readWriteFileParams,
  async execute(ctx) {
    return perItem(ctx as NodeContext<unknown>, 'main', async (item, i) => {
      const p = ctx.params(i);
      return p.operation === 'read' ? readFiles(ctx, p, item, i) : writeItem(ctx, p, item, i);
    });
  },
});

export default readWriteFileNode;
