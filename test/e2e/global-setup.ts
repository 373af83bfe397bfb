import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, startServerProcess } from '../helpers/processes.ts';
import { findChromium } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    smsFile: string;
  }
}

/** Builds the web app if needed and starts a real server with demo data for the browser tests. */
export default async function setup(project: TestProject) {
  if (!findChromium()) {
    throw new Error('Browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-e2e-'));
  const smsFile = path.join(dataDir, 'sms.jsonl');
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const server = await startServerProcess(['--demo', '--demo-people', '2000', '--data-dir', dataDir], {
    LOG_LEVEL: 'info',
    LOG_FILE: path.join(ROOT, 'test-results', 'server-e2e.log'),
    SMS_CHANNEL: `file:${smsFile}`,
  });
  project.provide('baseUrl', server.url);
  project.provide('smsFile', smsFile);
  return async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.secrets`, { recursive: true, force: true });
  };
}
