import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { ROOT, type ServerProcess, startServerProcess } from '../helpers/processes.ts';

/**
 * Each browser test file runs against its own `sskdt serve`, started on a copy of the demo database the
 * global setup loaded once: no file sees what another changed, and files can run side by side.
 */

interface DemoServer {
  url: string;
  smsFile: string;
}

let current: DemoServer | undefined;

/** The server of the file being run (only inside its hooks and tests). */
export const demo: DemoServer = {
  get url() {
    if (!current) throw new Error('demoServerForFile(): the server is only there inside tests');
    return current.url;
  },
  get smsFile() {
    if (!current) throw new Error('demoServerForFile(): the server is only there inside tests');
    return current.smsFile;
  },
};

/** Starts this file's server before its tests (from a copy of the demo template) and stops it after. */
export function demoServerForFile(): DemoServer {
  let server: ServerProcess | undefined;
  let dataDir = '';
  beforeAll(async () => {
    const template = inject('demoTemplate');
    const name = path.basename(expect.getState().testPath ?? 'e2e', '.e2e.test.ts');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sskdt-e2e-${name}-`));
    fs.cpSync(template, dataDir, { recursive: true });
    if (fs.existsSync(`${template}.secrets`))
      fs.cpSync(`${template}.secrets`, `${dataDir}.secrets`, { recursive: true });
    const smsFile = path.join(dataDir, 'sms.jsonl');
    server = await startServerProcess(
      ['--demo', '--data-dir', dataDir],
      {
        LOG_LEVEL: 'info',
        LOG_FILE: path.join(ROOT, 'test-results', `server-e2e-${name}.log`),
        SMS_CHANNEL: `file:${smsFile}`,
      },
      120_000,
    );
    current = { url: server.url, smsFile };
  });
  afterAll(async () => {
    current = undefined;
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(`${dataDir}.secrets`, { recursive: true, force: true });
    }
  });
  return demo;
}
