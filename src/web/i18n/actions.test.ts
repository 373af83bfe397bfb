import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonEn as en } from './common.en.ts';
import { commonVi as vi } from './common.vi.ts';

/** Every action the server audits, as written in its source (the access log shows them to people). */
function auditedActions(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (full.endsWith('.ts') && !full.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(path.resolve(import.meta.dirname, '../../server'));
  const found = new Set<string>();
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(
      /audit\.record\(\s*[^,]+,\s*(?:[^,()]+|[^,]*\([^)]*\)),\s*'([a-z_]+\.[a-z_.]+)'/gs,
    ))
      found.add(m[1]);
    for (const m of source.matchAll(/\baction:\s*'([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1]);
  }
  return [...found].sort();
}

describe('the access log speaks Vietnamese and English', () => {
  it('names every audited action in both languages (never the raw code)', () => {
    const actions = auditedActions();
    expect(actions.length).toBeGreaterThan(40);
    expect(actions).toContain('person.read_vaccination');
    const missing = (table: Record<string, string>) => actions.filter((a) => !table[a]);
    expect(missing(vi.actions)).toEqual([]);
    expect(missing(en.actions)).toEqual([]);
  });
});
