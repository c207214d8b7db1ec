/**
 * End-to-end tests against the real app: `bash scripts/start.sh --test` starts web + worker on a fresh
 * database (weft_e2e_*) with its own queue prefix, and drops it when Playwright stops the server.
 * Debian's chromium, screenshots of every test kept under test-results/<run>/ (WEFT_E2E_RUN).
 *
 * Specs can sign in as demo@weft.local with process.env.WEFT_DEMO_PASSWORD (set here, seeded by start).
 * WEFT_E2E_BASE_URL=http://... runs the specs against an already running Weft instead.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/** A port chosen once (this file is evaluated again in every worker; they inherit the env). 3100 if free. */
function pickPort(): string {
  const script =
    "const net=require('net');const tryPort=(p)=>{const s=net.createServer();s.once('error',()=>tryPort(0));" +
    "s.listen(p,'127.0.0.1',()=>{const a=s.address().port;s.close(()=>console.log(a));});};tryPort(3100);";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

/** Each run writes under its own test-results/<run>/: Playwright empties its output folder when it starts,
 * and runs sharing one folder (several people in one checkout) would delete each other's traces. */
function pruneOldRuns(): void {
  const cutoff = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of fs.existsSync('test-results') ? fs.readdirSync('test-results') : []) {
    const full = path.join('test-results', entry);
    if (entry.startsWith('e2e-') && fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full, { recursive: true, force: true });
  }
}

if (!process.env.WEFT_E2E_RUN) {
  process.env.WEFT_E2E_RUN = `e2e-${Date.now().toString(36)}-${process.pid}`;
  pruneOldRuns();
}
process.env.WEFT_E2E_PORT ??= pickPort();
process.env.WEFT_DEMO_PASSWORD ??= 'weft-e2e-demo-password';
process.env.WEFT_DEMO_EMAIL ??= 'demo@weft.local';
const external = process.env.WEFT_E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${process.env.WEFT_E2E_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/${process.env.WEFT_E2E_RUN}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two cores run the web server, a worker and the browser: one spec file at a time is the fastest.
  workers: Number(process.env.WEFT_E2E_WORKERS ?? 1),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    screenshot: 'on',
    trace: 'retain-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: external
    ? undefined
    : {
        command: 'bash scripts/start.sh --test',
        url: `${baseURL}/healthz`,
        env: { PORT: process.env.WEFT_E2E_PORT!, HOST: '127.0.0.1', WEFT_DEMO_PASSWORD: process.env.WEFT_DEMO_PASSWORD! },
        // A first `next build` can take minutes on two cores; scripts/test.sh builds before this starts.
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
      },
});
