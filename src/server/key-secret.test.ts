import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoKeySecretFile, KeySecretError, LEGACY_KEY_FILE, resolveKeySecret } from './key-secret.ts';

/** Where the key secret comes from, without a database: files, modes, the demo's place, the old one. */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-key-secret-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const dataDir = () => {
  const dir = path.join(root, `data-${++n}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
};
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the key secret', () => {
  it('production without one: none, and nothing is written', () => {
    const dir = dataDir();
    expect(resolveKeySecret({ dataDir: dir })).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('SSKDT_KEY_SECRET wins; a short one is refused', () => {
    expect(resolveKeySecret({ dataDir: dataDir(), keySecret: 'sixteen-chars-ok' })?.secret).toBe(
      'sixteen-chars-ok',
    );
    expect(() => resolveKeySecret({ dataDir: dataDir(), keySecret: 'short' })).toThrow(KeySecretError);
  });

  it('SSKDT_KEY_FILE: created only when asked (keys init), refused inside the data directory, even through a link', () => {
    const dir = dataDir();
    const file = path.join(root, 'etc', 'key-secret');
    expect(() => resolveKeySecret({ dataDir: dir, keyFile: file })).toThrow(/does not exist/);
    const made = resolveKeySecret({ dataDir: dir, keyFile: file }, { create: true });
    expect(made?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(made?.notice).toContain(file);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(resolveKeySecret({ dataDir: dir, keyFile: file })?.secret).toBe(made?.secret);

    fs.writeFileSync(path.join(dir, 'inside'), 'a secret of enough length');
    expect(() => resolveKeySecret({ dataDir: dir, keyFile: path.join(dir, 'inside') })).toThrow(
      /inside the data directory/,
    );
    const link = path.join(root, `link-${n}`);
    fs.symlinkSync(dir, link);
    expect(() => resolveKeySecret({ dataDir: dir, keyFile: path.join(link, 'inside') })).toThrow(
      /inside the data directory/,
    );
    // A data directory given through a link is the same directory.
    expect(() => resolveKeySecret({ dataDir: link, keyFile: path.join(dir, 'inside') })).toThrow(
      /inside the data directory/,
    );
  });

  it('a file others can read is used, with a notice to chmod it', () => {
    const file = path.join(root, `loose-${++n}`);
    fs.writeFileSync(file, 'a secret of enough length', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(resolveKeySecret({ dataDir: dataDir(), keyFile: file })?.notice).toContain(`chmod 600 ${file}`);
  });

  it('the old file in the data directory stops a production start with what to move where', () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, LEGACY_KEY_FILE), 'an old secret of enough length');
    expect(() => resolveKeySecret({ dataDir: dir })).toThrow(/mv .*certificate-keys\.key/);
    expect(() => resolveKeySecret({ dataDir: dir, keySecret: 'sixteen-chars-ok' })).toThrow(/delete/);
  });

  it('the demo keeps its own secret beside the data directory, and moves an old one there', () => {
    const dir = dataDir();
    const first = resolveKeySecret({ dataDir: dir, demo: true });
    const file = demoKeySecretFile(dir);
    expect(file).toBe(`${dir}.secrets/${LEGACY_KEY_FILE}`);
    expect(first?.source).toBe(file);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(resolveKeySecret({ dataDir: dir, demo: true })?.secret).toBe(first?.secret);

    const old = dataDir();
    fs.writeFileSync(path.join(old, LEGACY_KEY_FILE), 'the demo secret from before');
    const moved = resolveKeySecret({ dataDir: old, demo: true });
    expect(moved?.secret).toBe('the demo secret from before');
    expect(moved?.notice).toContain('Moved');
    expect(fs.existsSync(path.join(old, LEGACY_KEY_FILE))).toBe(false);
  });
});
