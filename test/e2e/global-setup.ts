import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, startServerProcess } from '../helpers/processes.ts';
import { findChromium } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory holding the demo database, copied by each file's server (demo-server.ts). */
    demoTemplate: string;
  }
}

/**
 * Builds the web app if needed and loads the demo data once into a template data directory; each test
 * file then serves a copy of it (demo-server.ts).
 */
export default async function setup(project: TestProject) {
  if (!findChromium()) {
    throw new Error('Browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-e2e-template-'));
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const server = await startServerProcess(
    ['--demo', '--demo-people', '2000', '--data-dir', dataDir],
    { LOG_LEVEL: 'info', LOG_FILE: path.join(ROOT, 'test-results', 'server-e2e-template.log') },
    180_000,
  );
  server.child.kill('SIGTERM');
  if ((await server.exited) !== 0)
    throw new Error(`The demo template server did not stop cleanly:\n${server.output()}`);
  project.provide('demoTemplate', dataDir);
  return () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.secrets`, { recursive: true, force: true });
  };
}
