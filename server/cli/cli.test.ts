import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { uniquePrefix } from '../testing';
import { runCli } from './main';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('cli');

let dir: string;
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};
const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const edge = (from: string, to: string) => ({ from: { node: from, port: 'main' }, to: { node: to, port: 'main' } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'weft-cli-'));
  await writeFile(path.join(dir, 'ok.json'), JSON.stringify({
    nodes: [node('Start', 'manualTrigger', {}), node('Greet', 'transform', { assignments: [{ name: 'greeting', value: '=Hello {{ $json.name }}', type: 'string' }], include: 'all' })],
    connections: [edge('Start', 'Greet')],
  }));
  await writeFile(path.join(dir, 'fails.json'), JSON.stringify({
    nodes: [node('Start', 'manualTrigger', {}), node('Boom', 'stopAndError', { errorType: 'errorMessage', errorMessage: 'boom' })],
    connections: [edge('Start', 'Boom')],
  }));
  await writeFile(path.join(dir, 'invalid.json'), JSON.stringify({ nodes: [node('Start', 'manualTrigger', {}), node('X', 'noSuchType', {})], connections: [edge('Start', 'Y')] }));
  await writeFile(path.join(dir, 'input.json'), JSON.stringify([{ name: 'Ada' }, { name: 'Grace' }]));
});

describe('weft CLI', () => {
  it('validate: 0 for a valid file, 2 with the errors for an invalid one', async () => {
    const ok = capture();
    expect(await runCli(['validate', path.join(dir, 'ok.json')], ok.io)).toBe(0);
    const bad = capture();
    expect(await runCli(['validate', path.join(dir, 'invalid.json')], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('Node "X" has unknown type "noSuchType"');
    expect(bad.err.join('\n')).toContain('Node "Start" connects to node "Y", which does not exist');
  });

  it('run: prints each node\'s output and exits 0 when the execution succeeded', async () => {
    const c = capture();
    const code = await runCli(['run', path.join(dir, 'ok.json'), '--input', path.join(dir, 'input.json'), '--json'], c.io);
    expect(code).toBe(0);
    const detail = JSON.parse(c.out.join('\n'));
    expect(detail.status).toBe('succeeded');
    const greet = detail.nodeRuns.find((r: { nodeName: string }) => r.nodeName === 'Greet');
    expect(greet.outputItems.main.map((i: { json: unknown }) => i.json)).toEqual([{ name: 'Ada', greeting: 'Hello Ada' }, { name: 'Grace', greeting: 'Hello Grace' }]);
  }, 60_000);

  it('run: exits 1 when the execution failed and 2 for an invalid file', async () => {
    const c = capture();
    expect(await runCli(['run', path.join(dir, 'fails.json')], c.io)).toBe(1);
    expect(c.out.join('\n')).toContain('boom');
    expect(await runCli(['run', path.join(dir, 'invalid.json')], capture().io)).toBe(2);
  }, 60_000);
});
