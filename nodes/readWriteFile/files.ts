/**
 * The part of the disk file nodes may touch: WEFT_FILES_DIR (one or more directories separated by `;`, default
 * `.weft/files` under the working directory), like n8n 2's N8N_RESTRICT_FILE_ACCESS_TO. A relative path is read
 * inside the first directory; any path that resolves (symlinks followed) outside every allowed directory is
 * refused, so `..`, absolute paths elsewhere and links out of the directory all fail with the node and field.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

export function allowedDirs(): string[] {
  const raw = process.env.WEFT_FILES_DIR?.trim() || path.join(process.cwd(), '.weft', 'files');
  return raw
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const abs = path.resolve(d);
      mkdirSync(abs, { recursive: true });
      return realpathSync(abs);
    });
}

const inside = (dir: string, p: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

export class FileAccessError extends Error {}

/** The absolute path a node may use for `given`; throws FileAccessError when it is outside the allowed directories. */
export async function allowedPath(given: string, opts: { mustExist: boolean }): Promise<string> {
  const dirs = allowedDirs();
  const abs = path.isAbsolute(given) ? path.resolve(given) : path.resolve(dirs[0]!, given);
  // Resolve symlinks of what exists (the file, or for a new file its directory).
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    if (opts.mustExist) throw new FileAccessError(`"${given}" does not exist`);
    let parent = path.dirname(abs);
    const rest = [path.basename(abs)];
    for (;;) {
      try {
        real = path.join(await realpath(parent), ...rest);
        break;
      } catch {
        rest.unshift(path.basename(parent));
        const up = path.dirname(parent);
        if (up === parent) throw new FileAccessError(`"${given}" cannot be resolved`);
        parent = up;
      }
    }
  }
  if (!dirs.some((d) => inside(d, real))) {
    throw new FileAccessError(`"${given}" is outside the directories Weft may use (WEFT_FILES_DIR: ${dirs.join(';')})`);
  }
  return real;
}

/** A glob (`*`, `**`, `?`, `[abc]`) as a regular expression over '/'-separated paths. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Files matching a path or glob, inside the allowed directories, sorted; at most `limit`. */
export async function matchFiles(selector: string, limit = 10_000): Promise<string[]> {
  const dirs = allowedDirs();
  const abs = (path.isAbsolute(selector) ? path.resolve(selector) : path.resolve(dirs[0]!, selector)).split(path.sep).join('/');
  const firstGlob = abs.search(/[*?[]/);
  if (firstGlob === -1) return [await allowedPath(selector, { mustExist: true })];
  const base = abs.slice(0, abs.lastIndexOf('/', firstGlob) + 1) || '/';
  const root = await allowedPath(base, { mustExist: true });
  const pattern = globRegExp(abs.slice(base.length));
  const out: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, relPath);
      else if (entry.isFile() && pattern.test(relPath)) out.push(await allowedPath(full, { mustExist: true }).catch(() => ''));
    }
  };
  await walk(root, '');
  return out.filter(Boolean).sort();
}
