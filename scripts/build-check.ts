/**
 * Whether `.next` holds a production build newer than every file that goes into it, so start can skip
 * `next build` (a minute or more on two cores) when nothing changed.
 */
import fs from 'node:fs';
import path from 'node:path';

const INPUT_DIRS = ['app', 'components', 'server', 'nodes', 'lib', 'public', 'styles'];
const INPUT_FILES = ['next.config.mjs', 'postcss.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'middleware.ts', 'proxy.ts'];
const SKIP = new Set(['node_modules', '.next', 'generated', 'testing', '.weft']); // build outputs and test-only code

function newestMtime(dir: string): number {
  let newest = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The newest modification time among the build's inputs. */
export function newestSource(root: string): number {
  let newest = 0;
  for (const dir of INPUT_DIRS) newest = Math.max(newest, newestMtime(path.join(root, dir)));
  for (const file of INPUT_FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    } catch {
      /* optional file */
    }
  }
  return newest;
}

export function nextBuildIsCurrent(root: string): boolean {
  let built: number;
  try {
    built = fs.statSync(path.join(root, process.env.WEFT_NEXT_DIST_DIR || '.next', 'BUILD_ID')).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestSource(root);
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('scripts', 'build-check.ts'))) {
  // `npx tsx scripts/build-check.ts` exits 0 when the build is current, 1 when it needs building.
  process.exit(nextBuildIsCurrent(path.resolve(path.dirname(process.argv[1]), '..')) ? 0 : 1);
}
