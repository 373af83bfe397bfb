#!/usr/bin/env node
// Fails when a source file (not a test) is over 400 lines: split it by responsibility instead.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const LIMIT = 400;
const files = execFileSync('git', ['ls-files', 'src', 'bench', 'scripts', 'test'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !/\.test\.tsx?$/.test(f) && fs.existsSync(f));
const big = files.map((f) => [f, fs.readFileSync(f, 'utf8').split('\n').length]).filter(([, n]) => n > LIMIT);
if (big.length) {
  for (const [f, n] of big) console.error(`${f}: ${n} lines (limit ${LIMIT})`);
  process.exit(1);
}
console.log(`File sizes OK: ${files.length} source files, none over ${LIMIT} lines.`);
