/**
 * Test helpers: the real reference MCP servers from node_modules, over stdio and Streamable HTTP.
 * Used by server/mcp, nodes/mcpTool and nodes/agent tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { McpServerConfig } from '../engine/node';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

export const everythingEntry = path.join(packageDir('@modelcontextprotocol/server-everything'), 'dist', 'index.js');
export const filesystemEntry = path.join(packageDir('@modelcontextprotocol/server-filesystem'), 'dist', 'index.js');

export function everythingStdio(): McpServerConfig {
  return { transport: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'] };
}

export function filesystemStdio(dir: string): McpServerConfig {
  return { transport: 'stdio', command: process.execPath, args: [filesystemEntry, dir] };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningHttpServer {
  url: string;
  config: McpServerConfig;
  stop(): Promise<void>;
}

/**
 * server-everything over HTTP on 127.0.0.1: 'streamableHttp' mode serves POST/GET/DELETE /mcp on PORT,
 * 'sse' mode (the legacy HTTP+SSE transport) serves GET /sse and POST /message.
 */
export async function startEverythingHttp(port?: number, mode: 'streamableHttp' | 'sse' = 'streamableHttp'): Promise<RunningHttpServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn(process.execPath, [everythingEntry, mode], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port) } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${output}`)), 15_000);
    const onData = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
      if (output.includes('listening on port') || output.includes('running on port')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server-everything exited with ${code}: ${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`;
  return {
    url,
    config: { transport: 'http', url },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
