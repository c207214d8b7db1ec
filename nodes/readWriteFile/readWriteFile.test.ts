import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../server/engine/testing/node-context';
import { readWriteFileNode } from './index';
import { globRegExp } from './files';

let root: string;
let outside: string;
const saved = process.env.WEFT_FILES_DIR;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'weft-files-'));
  outside = mkdtempSync(path.join(tmpdir(), 'weft-outside-'));
  mkdirSync(path.join(root, 'reports', '2026'), { recursive: true });
  writeFileSync(path.join(root, 'reports', 'a.csv'), 'x,y\n1,2\n');
  writeFileSync(path.join(root, 'reports', 'b.txt'), 'hello');
  writeFileSync(path.join(root, 'reports', '2026', 'c.csv'), 'z\n3\n');
  writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
  symlinkSync(outside, path.join(root, 'link-out'));
  process.env.WEFT_FILES_DIR = root;
});
afterAll(() => {
  if (saved === undefined) delete process.env.WEFT_FILES_DIR;
  else process.env.WEFT_FILES_DIR = saved;
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const read = (fileSelector: string, options: Record<string, unknown> = {}) => runNode(readWriteFileNode, { params: { operation: 'read', fileSelector, options }, items: [{ json: {} }] });

describe('readWriteFile', () => {
  it('reads one file or a glob into binary data with its metadata', async () => {
    const one = await read('reports/a.csv');
    expect(one.main).toHaveLength(1);
    expect(one.main[0].json).toMatchObject({ fileName: 'a.csv', fileExtension: 'csv', mimeType: 'text/csv', fileSize: 8 });
    expect(Buffer.from(one.main[0].binary!.data.data, 'base64').toString()).toBe('x,y\n1,2\n');
    const csvs = await read('reports/**/*.csv', { dataPropertyName: 'file' });
    // Sorted by path: reports/2026/c.csv before reports/a.csv.
    expect(csvs.main.map((i) => i.json.fileName)).toEqual(['c.csv', 'a.csv']);
    expect(csvs.main.every((i) => i.binary?.file)).toBe(true);
    expect((await read(path.join(root, 'reports', '*.txt'))).main.map((i) => i.json.fileName)).toEqual(['b.txt']);
  });

  it('writes an item\'s binary data (creating directories, appending on request)', async () => {
    const data = { data: Buffer.from('one\n').toString('base64'), mimeType: 'text/plain' };
    const out = await runNode(readWriteFileNode, { params: { operation: 'write', fileName: 'out/log.txt' }, items: [{ json: { n: 1 }, binary: { data } }] });
    expect(out.main[0].json).toEqual({ n: 1, fileName: path.join(root, 'out', 'log.txt') });
    await runNode(readWriteFileNode, { params: { operation: 'write', fileName: 'out/log.txt', options: { append: true } }, items: [{ json: {}, binary: { data } }] });
    expect(readFileSync(path.join(root, 'out', 'log.txt'), 'utf8')).toBe('one\none\n');
  });

  it('never leaves WEFT_FILES_DIR: .., absolute paths elsewhere and symlinks out all fail naming the field', async () => {
    await expect(read('../' + path.basename(outside) + '/secret.txt')).rejects.toThrow(/field "fileSelector".*outside the directories Weft may use/);
    await expect(read(path.join(outside, 'secret.txt'))).rejects.toThrow(/outside the directories/);
    await expect(read('link-out/secret.txt')).rejects.toThrow(/outside the directories/);
    expect((await read('link-out/*.txt').catch((e: Error) => e)) instanceof Error).toBe(true);
    const data = { data: Buffer.from('x').toString('base64'), mimeType: 'text/plain' };
    await expect(runNode(readWriteFileNode, { params: { operation: 'write', fileName: '../evil.txt' }, items: [{ json: {}, binary: { data } }] })).rejects.toThrow(/field "fileName".*outside/);
    await expect(runNode(readWriteFileNode, { params: { operation: 'write', fileName: 'link-out/evil.txt' }, items: [{ json: {}, binary: { data } }] })).rejects.toThrow(/outside/);
    await expect(read('reports/missing.csv')).rejects.toThrow(/does not exist/);
  });

  it('globs: * stays in a directory, ** crosses them, ? is one character', () => {
    expect(globRegExp('*.csv').test('a.csv')).toBe(true);
    expect(globRegExp('*.csv').test('x/a.csv')).toBe(false);
    expect(globRegExp('**/*.csv').test('x/y/a.csv')).toBe(true);
    expect(globRegExp('**/*.csv').test('a.csv')).toBe(true);
    expect(globRegExp('file?.[tc]sv').test('file1.csv')).toBe(true);
    expect(globRegExp('file?.[tc]sv').test('file12.csv')).toBe(false);
  });
});
