import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSskdt, SSKDT_BIN, startServerProcess } from '../../test/helpers/processes.ts';

const dirs: string[] = [];
function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) {
    fs.rmSync(dir, { recursive: true, force: true });
    // A demo keeps its key secret beside the data directory.
    fs.rmSync(`${dir}.secrets`, { recursive: true, force: true });
  }
});

// Each test spawns `sskdt` processes (a server start is ~3 s quiet, several times that on a loaded 2-core
// host): a generous ceiling, not a speed check.
describe('sskdt command line', { timeout: 180_000 }, () => {
  it('lists every command in --help, each with its own help and an example', async () => {
    const help = await runSskdt(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'demo',
      'users create',
      'users list',
      'api-keys create',
      'api-keys list',
    ]) {
      expect(help.stdout).toContain(command.split(' ')[0]);
      const own = await runSskdt([...command.split(' '), '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain('Examples:');
      expect(own.stdout).toContain(`$ sskdt ${command}`);
    }
  });

  it('users create: a generated password printed once, or one from stdin; bad input explained', async () => {
    const dir = tempDir('sskdt-cli-users-');
    const admin = await runSskdt([
      'users',
      'create',
      '--username',
      'chief',
      '--role',
      'admin',
      '--data-dir',
      dir,
    ]);
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout).toMatch(/Password \(shown once\): \S{12,}/);
    const piped = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [
        SSKDT_BIN,
        'users',
        'create',
        '--username',
        'hn.manager',
        '--role',
        'province_manager',
        '--unit',
        '01',
        '--password-stdin',
        '--data-dir',
        dir,
      ]);
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('close', (code) => resolve({ code, stdout }));
      child.stdin.end('a long enough passphrase\n');
    });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('Password');
    const bad = await runSskdt([
      'users',
      'create',
      '--username',
      'cm',
      '--role',
      'commune_manager',
      '--unit',
      '01',
      '--data-dir',
      dir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('username: A username has 3–40 characters');
    const list = await runSskdt(['users', 'list', '--data-dir', dir]);
    expect(list.stdout).toMatch(/chief\s+admin\s+national/);
    expect(list.stdout).toMatch(/hn\.manager\s+province_manager\s+Thành phố Hà Nội/);
  });

  // Seven processes, five of them opening the embedded database: slow on a loaded two-core host.
  it('api-keys: create with an expiry (the key printed once), list without secrets, expire, revoke; bad ids explained', async () => {
    const dir = tempDir('sskdt-cli-apikeys-');
    const demo = await runSskdt(['demo', '--data-dir', dir, '--people', '30']);
    expect(demo.code, demo.stderr).toBe(0);
    const tooLong = await runSskdt([
      'api-keys',
      'create',
      '--facility',
      'TYT-00004',
      '--name',
      'HIS',
      '--days',
      '5000',
      '--data-dir',
      dir,
    ]);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('--days: A key lasts from 1 to 730 days');
    const created = await runSskdt([
      'api-keys',
      'create',
      '--facility',
      'TYT-00004',
      '--name',
      'HIS Ba Đình',
      '--days',
      '90',
      '--data-dir',
      dir,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const key = /Key \(shown once\): (sskdt_\S+)/.exec(created.stdout)?.[1];
    const id = /Created API key (\S+) /.exec(created.stdout)?.[1];
    expect(key).toBeTruthy();
    const listed = await runSskdt(['api-keys', 'list', '--data-dir', dir]);
    expect(listed.stdout).toMatch(
      new RegExp(`${id}\\s+active\\s+sskdt_\\S+…\\s+TYT-00004.*last used never\\s+HIS Ba Đình`),
    );
    expect(listed.stdout).not.toContain(key);
    const expired = await runSskdt(['api-keys', 'expire', String(id), '--data-dir', dir]);
    expect(expired.code, expired.stderr).toBe(0);
    expect(expired.stdout).toContain(`API key ${id} expires`);
    expect((await runSskdt(['api-keys', 'revoke', String(id), '--data-dir', dir])).code).toBe(0);
    expect((await runSskdt(['api-keys', 'list', '--data-dir', dir])).stdout).toMatch(
      new RegExp(`${id}\\s+revoked`),
    );
    const badId = await runSskdt(['api-keys', 'revoke', 'nope', '--data-dir', dir]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('"nope" is not a key id');
  }, 180_000);

  it('migrate is idempotent: the second run applies nothing', async () => {
    const dir = tempDir('sskdt-cli-migrate-');
    const first = await runSskdt(['migrate', '--data-dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Applied migration 0001_reference_data.sql');
    expect(first.stdout).toContain('Reference data admin-units: loaded');
    const second = await runSskdt(['migrate', '--data-dir', dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Migrations: nothing to apply');
    expect(second.stdout).not.toContain('Applied migration');
    expect(second.stdout).toContain('Reference data admin-units: unchanged');
  });

  it('demo loads people with progress, and refuses to load twice without --append', async () => {
    const dir = tempDir('sskdt-cli-demo-');
    const first = await runSskdt(['demo', '--data-dir', dir, '--people', '300', '--province', '48']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Loaded demo data for Thành phố Đà Nẵng: 300 people/);
    expect(first.stderr).toContain('300/300');
    const again = await runSskdt(['demo', '--data-dir', dir, '--people', '300']);
    expect(again.stdout).toContain('already loaded');
    const bad = await runSskdt(['demo', '--data-dir', dir, '--province', 'hanoi']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--province must be a 2-digit province code');
  });

  it('serve --demo loads demo data, stops cleanly on SIGTERM with requests in flight, and reuses the data', async () => {
    const dir = tempDir('sskdt-cli-serve-');
    const logFile = path.join(dir, 'server.log');
    const server = await startServerProcess(
      ['--demo', '--demo-people', '500', '--data-dir', dir],
      { LOG_LEVEL: 'info', LOG_FILE: logFile },
      150_000,
    );
    expect(server.output()).toContain('loading 500 demo people');
    expect(server.output()).toContain(`sskdt is running at ${server.url}`);

    const results: string[] = [];
    let signalled = false;
    const requests = Array.from({ length: 120 }, async (_, i) => {
      try {
        const res = await fetch(`${server.url}/api/units?limit=200&offset=${i}`);
        await res.arrayBuffer();
        results.push(`${res.status}${signalled ? '-after' : ''}`);
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? 'unknown';
        results.push(code);
      }
    });
    // Signal once a few answers are back, so that others are surely in flight (a fixed delay was too short
    // on a loaded CI machine: only one request had reached the server).
    while (results.length < 5) await new Promise((r) => setTimeout(r, 2));
    signalled = true;
    server.child.kill('SIGTERM');
    await Promise.all(requests);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('Stopped cleanly');
    expect(fs.existsSync(path.join(dir, 'sskdt.lock'))).toBe(false);
    // Every request the server accepted was answered: each "incoming request" has its "request completed".
    const lines = fs
      .readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const started = new Set(lines.filter((l) => l.msg === 'incoming request').map((l) => l.reqId));
    const completed = new Set(lines.filter((l) => l.msg === 'request completed').map((l) => l.reqId));
    expect(started.size).toBeGreaterThan(1);
    expect([...started].filter((id) => !completed.has(id))).toEqual([]);
    // Response times are rounded to 0.1 ms: a raw float's digit run could pass for a CCCD or phone number.
    const times = lines.filter((l) => l.msg === 'request completed').map((l) => String(l.responseTime));
    expect(times.filter((t) => !/^\d+(\.\d)?$/.test(t))).toEqual([]);
    // Clients saw answers (some after the signal), 503s telling them to retry, or a closed door; no errors.
    // A reset can only hit a request that was never read: Node closes idle keep-alive sockets on close.
    for (const r of results)
      expect(['200', '200-after', '503-after', 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(r);
    expect(results.filter((r) => r === '200-after').length).toBeGreaterThan(0);

    const again = await startServerProcess(['--demo', '--data-dir', dir], {}, 150_000);
    expect(again.output()).not.toContain('loading');
    const overview = await (await fetch(`${again.url}/api/overview`)).json();
    expect(overview.counts.people).toBe(500);
    expect(overview.demo.people).toBe(500);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);

    // Without --demo the demo's own secret is not looked for: it is named like any key file.
    const third = await startServerProcess(['--data-dir', dir], {
      SSKDT_KEY_FILE: `${dir}.secrets/certificate-keys.key`,
    });
    expect((await (await fetch(`${third.url}/readyz`)).json()).status).toBe('ready');
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('Ctrl-C while demo data loads cancels cleanly; the next start loads it again from scratch', async () => {
    const dir = tempDir('sskdt-cli-cancel-');
    const child = spawn(
      process.execPath,
      [SSKDT_BIN, 'serve', '--demo', '--demo-people', '400000', '--data-dir', dir, '--port', '0'],
      {
        env: { ...process.env, LOG_LEVEL: 'warn' },
      },
    );
    let output = '';
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!/people/.test(output.split('loading')[1] ?? '')) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(output).toContain('Start-up cancelled; the database was closed cleanly.');
    expect(fs.existsSync(path.join(dir, 'sskdt.lock'))).toBe(false);

    const server = await startServerProcess(
      ['--demo', '--demo-people', '300', '--data-dir', dir],
      {},
      150_000,
    );
    expect(server.output()).toContain('loading 300 demo people');
    const overview = await (await fetch(`${server.url}/api/overview`)).json();
    expect(overview.counts.people).toBe(300);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses to open a data directory that a running server holds', async () => {
    const dir = tempDir('sskdt-cli-lock-');
    const server = await startServerProcess(['--data-dir', dir]);
    const second = await runSskdt(['migrate', '--data-dir', dir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('in use by another sskdt process');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
