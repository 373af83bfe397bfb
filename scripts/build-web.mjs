#!/usr/bin/env node
// Builds the web app into dist/web unless the build is newer than every source it depends on.
// `npm start` and the browser tests call this; `npm run build` always rebuilds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'dist', 'web', 'index.html');
const inputs = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'].map((p) =>
  path.join(root, p),
);

function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((entry) => newest(path.join(p, entry))));
}

const force = process.argv.includes('--force');
const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const latest = Math.max(...inputs.filter((p) => fs.existsSync(p)).map(newest));
if (!force && built > latest) {
  console.error('Web app is up to date (dist/web).');
} else {
  console.error('Building the web app (dist/web)…');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
