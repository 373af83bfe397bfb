// The module rules of docs/ARCHITECTURE.md, checked in `npm run lint`:
// 1. no import cycle between files (dependency-cruiser) nor between server modules (its graph, folded
//    to src/server/modules/<module>);
// 2. a module touches only the tables it owns (src/server/db/table-owners.ts), save the allow-list;
// 3. no `*.queries.ts` files and no SQL in routes files.
// dependency-cruiser gives the import graph; the table rule is ours, since no tool reads Kysely calls
// and SQL text for table names.
import fs from 'node:fs';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import {
  CROSS_MODULE_ACCESS,
  KNOWN_CYCLE_EDGES,
  SHARED_READS,
  TABLE_OWNERS,
} from '../src/server/db/table-owners.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = 'src/server/modules/';
const problems: string[] = [];

const moduleOf = (file: string) =>
  file.startsWith(MODULES) ? file.slice(MODULES.length).split('/')[0] : undefined;
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

// 1. Import cycles.
const result = await cruise(['src'], {
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: '\\.test\\.tsx?$' },
  ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }] },
  validate: true,
});
const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
for (const violation of output.summary.violations) {
  if (violation.rule.name === 'no-circular')
    problems.push(
      `import cycle: ${[violation.from, ...(violation.cycle ?? []).map((c: { name: string }) => c.name)].join(' → ')}`,
    );
}
const edges = new Map<string, Map<string, string>>();
for (const mod of output.modules as { source: string; dependencies: { resolved: string }[] }[]) {
  const from = moduleOf(mod.source);
  if (!from || isTest(mod.source)) continue;
  for (const dep of mod.dependencies) {
    const to = moduleOf(dep.resolved);
    if (!to || to === from) continue;
    const targets = edges.get(from) ?? new Map<string, string>();
    if (!targets.has(to)) targets.set(to, `${mod.source} → ${dep.resolved}`);
    edges.set(from, targets);
  }
}
// A cycle is a strongly connected set of modules; every edge inside one must be a known edge (a
// ratchet: the known ones are listed for removal, any other edge that closes a cycle fails).
const knownEdges = new Set(KNOWN_CYCLE_EDGES);
const usedEdges = new Set<string>();
for (const cycle of moduleCycles(edges)) {
  const members = new Set(cycle);
  for (const from of cycle)
    for (const [to, example] of edges.get(from) ?? []) {
      if (!members.has(to)) continue;
      const edge = `${from} -> ${to}`;
      if (knownEdges.has(edge)) usedEdges.add(edge);
      else
        problems.push(`import edge ${edge} closes a cycle between modules (${cycle.join(', ')}): ${example}`);
    }
}
for (const edge of knownEdges)
  if (!usedEdges.has(edge))
    problems.push(`table-owners.ts: known cycle edge ${edge} is gone; take it off the list`);

// 2. Tables touched from outside their module; 3. file kinds.
const owners = TABLE_OWNERS as Record<string, string | null>;
const tables = Object.keys(owners);
const tableAlternation = tables.sort((a, b) => b.length - a.length).join('|');
const writeCall = new RegExp(
  `\\.(?:insertInto|updateTable|deleteFrom|mergeInto)\\(\\s*['"\`](${tableAlternation})\\b`,
  'g',
);
const readCall = new RegExp(
  `\\.(?:selectFrom|innerJoin|leftJoin|rightJoin|fullJoin)\\(\\s*['"\`](${tableAlternation})\\b`,
  'g',
);
const writeSql = new RegExp(
  `\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into)\\s+(${tableAlternation})\\b(?!\\s*[:(])`,
  'gi',
);
const readSql = new RegExp(`\\b(?:from|join)\\s+(${tableAlternation})\\b(?!\\s*[:(])`, 'gi');
const allowed = new Map(CROSS_MODULE_ACCESS.map((a) => [`${a.module}:${a.table}:${a.access}`, a]));
const used = new Set<string>();
for (const file of walk(path.join(ROOT, MODULES))) {
  const rel = path.relative(ROOT, file);
  if (isTest(rel)) continue;
  const module = moduleOf(rel)!;
  if (rel.endsWith('.queries.ts')) problems.push(`${rel}: fold *.queries.ts into the module's repository`);
  const text = stripComments(fs.readFileSync(file, 'utf8'));
  const templates = sqlTemplates(text).join('\n');
  const touched = new Map<string, 'read' | 'write'>();
  const note = (table: string, access: 'read' | 'write') => {
    if (touched.get(table) !== 'write') touched.set(table, access);
  };
  for (const m of text.matchAll(readCall)) note(m[1], 'read');
  for (const m of templates.matchAll(readSql)) note(m[1].toLowerCase(), 'read');
  for (const m of text.matchAll(writeCall)) note(m[1], 'write');
  for (const m of templates.matchAll(writeSql)) note(m[1].toLowerCase(), 'write');
  if (touched.size && rel.endsWith('.routes.ts'))
    problems.push(`${rel}: SQL in a routes file (${[...touched.keys()]})`);
  for (const [table, access] of touched) {
    const owner = owners[table];
    if (owner === module) continue;
    if (access === 'read' && (SHARED_READS as readonly string[]).includes(table)) continue;
    const key = `${module}:${table}:${access}`;
    if (allowed.has(key)) {
      used.add(key);
      continue;
    }
    problems.push(
      `${rel}: ${access === 'write' ? 'writes' : 'reads'} table ${table} of module ${owner ?? '(infrastructure)'}`,
    );
  }
}
for (const entry of allowed.keys())
  if (!used.has(entry)) problems.push(`table-owners.ts: allow-list entry ${entry} is no longer used`);

if (problems.length) {
  console.error(`Module rules (docs/ARCHITECTURE.md, "Module shape"): ${problems.length} problem(s)\n`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `Module rules: no new cycle (${knownEdges.size} known edges to remove), tables touched by their own module (${allowed.size} listed exceptions).`,
);

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(file);
    else if (entry.name.endsWith('.ts')) yield file;
  }
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The text of sql`…` templates and of SQL strings handed to `sql.raw`/`query`. */
function sqlTemplates(text: string): string[] {
  return [...text.matchAll(/sql(?:<[^`]*?>)?`([\s\S]*?)`/g)].map((m) => m[1]);
}

/** Every elementary cycle's strongly connected component (Tarjan), as a list of modules. */
function moduleCycles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(orderAsCycle(component, graph));
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return components;
}

/** A component's modules in an order that follows its edges where it can, for a readable message. */
function orderAsCycle(component: string[], graph: Map<string, Map<string, string>>): string[] {
  const members = new Set(component);
  const order = [component.sort()[0]];
  while (order.length < component.length) {
    const next = [...(graph.get(order.at(-1)!)?.keys() ?? [])].find(
      (m) => members.has(m) && !order.includes(m),
    );
    if (!next) return component;
    order.push(next);
  }
  return order;
}
