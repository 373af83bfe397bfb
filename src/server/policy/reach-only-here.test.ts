import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Who may see what is decided in one place: `src/server/policy/`. This test reads every source file
 * outside it and fails when a reach condition is written there by hand — a branch on `scope.kind`,
 * the unit-subtree pattern (a condition on `parent_id`), or a read of `person_facility` (the links that
 * extend a facility's reach) — or when the web app re-types the permission table instead of asking
 * `can(actor, permission)`.
 *
 * The allow list names each exception and why it is not a reach condition. A new entry needs the same.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const POLICY = path.join('src', 'server', 'policy') + path.sep;

interface Rule {
  name: string;
  pattern: RegExp;
  /** Where the pattern is legitimate, and why: `file` → reason. */
  allow: Record<string, string>;
  /** Only these folders are scanned (default: all of src). */
  under?: string;
}

const RULES: Rule[] = [
  {
    name: 'a branch on the principal’s scope kind',
    pattern: /\bscope\??\.kind\b/,
    allow: {},
  },
  {
    name: 'the unit-subtree pattern (a condition on parent_id)',
    pattern: /(where\(\s*'[\w.]*parent_id'|parent_id\s*(=|in)\s|parent_id\s*=\s*\$)/,
    allow: {
      'src/server/modules/places/places.repository.ts':
        'browsing the public unit tree (communes of a province), not a reach condition',
    },
  },
  {
    name: 'a read of person_facility (facility reach links)',
    pattern:
      /(selectFrom\(\s*'person_facility|join\(\s*'person_facility|\bfrom person_facility\b|\bjoin person_facility\b)/i,
    allow: {
      'src/server/modules/people/people.merge.ts':
        'a merge copies the loser’s links to the winner (a write of both rows, no reach decision)',
    },
  },
  {
    name: 'a role list re-typed in the web app (ask can(actor, permission))',
    pattern:
      /\b(actor|me|user)\??\.role\s*(===|!==)|\[\s*'(admin|province_manager|commune_manager|site_staff|clinic_staff)'\s*,[^\]]*\]\.includes/,
    under: 'src/web',
    allow: {},
  },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const files = sourceFiles(path.join(ROOT, 'src')).map((f) =>
  path.relative(ROOT, f).split(path.sep).join('/'),
);

describe('reach is written only in src/server/policy', () => {
  for (const rule of RULES) {
    it(`${rule.name}: none outside the policy module`, () => {
      expect(files.length).toBeGreaterThan(100);
      const found: string[] = [];
      for (const file of files) {
        if (file.startsWith(POLICY.split(path.sep).join('/'))) continue;
        if (rule.under && !file.startsWith(rule.under)) continue;
        if (rule.allow[file]) continue;
        const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (rule.pattern.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
      }
      expect(found, `move these into src/server/policy (or allow-list them with a reason)`).toEqual([]);
    });
  }

  it('every allow-listed file still exists and still needs its exception', () => {
    for (const rule of RULES)
      for (const file of Object.keys(rule.allow)) {
        expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
        const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
        expect(rule.pattern.test(text.split('\n').find((l) => rule.pattern.test(l)) ?? ''), file).toBe(true);
      }
  });

  it('catches the patterns it is meant to catch', () => {
    const [scope, subtree, links, roles] = RULES.map((r) => r.pattern);
    expect(scope.test("if (actor.scope.kind === 'unit')")).toBe(true);
    expect(subtree.test(".where('u.parent_id', '=', scope.unitId)")).toBe(true);
    expect(subtree.test('where c.parent_id = $1')).toBe(true);
    expect(links.test(".selectFrom('person_facility as pf')")).toBe(true);
    expect(links.test('exists (select 1 from person_facility pf where')).toBe(true);
    expect(links.test('insert into person_facility (person_id, facility_id, reason)')).toBe(false);
    expect(roles.test("actor.role === 'admin'")).toBe(true);
    expect(roles.test("['admin', 'province_manager'].includes(role)")).toBe(true);
  });
});
