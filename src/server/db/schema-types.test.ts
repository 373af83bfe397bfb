import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';

type Kind = 'string' | 'number' | 'boolean' | 'Date' | 'bytes' | 'array' | 'json';

interface ColumnShape {
  kind: Kind;
  nullable: boolean;
}

const SCHEMA_FILE = path.resolve(import.meta.dirname, 'schema.ts');

/**
 * The Kysely `DB` interface as TypeScript sees it: for every table and column, the select type's kind
 * and whether it admits null (`ColumnType<S, …>` and `Generated<S>` read as `S`). Read with the
 * compiler API, so the hand-written types are compared as the code uses them.
 */
let declaredOnce: Map<string, Map<string, ColumnShape>> | undefined;
function declaredSchema(): Map<string, Map<string, ColumnShape>> {
  declaredOnce ??= readDeclaredSchema();
  return declaredOnce;
}

function readDeclaredSchema(): Map<string, Map<string, ColumnShape>> {
  const program = ts.createProgram([SCHEMA_FILE], {
    strict: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_FILE)!;
  const db = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB',
  )!;
  const dbType = checker.getTypeAtLocation(db);
  const tables = new Map<string, Map<string, ColumnShape>>();
  for (const table of dbType.getProperties()) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, db);
    const columns = new Map<string, ColumnShape>();
    for (const column of tableType.getProperties()) {
      let type = checker.getTypeOfSymbolAtLocation(column, db);
      const select = type.getProperty('__select__');
      if (select) type = checker.getTypeOfSymbolAtLocation(select, db);
      columns.set(column.name, shapeOf(checker, type));
    }
    tables.set(table.name, columns);
  }
  return tables;
}

function shapeOf(checker: ts.TypeChecker, type: ts.Type): ColumnShape {
  const parts = type.isUnion() ? type.types : [type];
  const nullable = parts.some((t) => t.flags & ts.TypeFlags.Null);
  const kinds = new Set<Kind>();
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) continue;
    if (part.flags & ts.TypeFlags.StringLike) kinds.add('string');
    else if (part.flags & ts.TypeFlags.NumberLike) kinds.add('number');
    else if (part.flags & ts.TypeFlags.BooleanLike) kinds.add('boolean');
    else if (part.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) kinds.add('json');
    else {
      const name = checker.typeToString(part);
      if (name === 'Date') kinds.add('Date');
      else if (/Uint8Array|Buffer/.test(name)) kinds.add('bytes');
      else if (checker.isArrayType(part)) kinds.add('array');
      else kinds.add('json');
    }
  }
  const kind = kinds.size === 1 ? [...kinds][0] : 'json';
  return { kind, nullable };
}

/** What a column's PostgreSQL type reads as on both engines (database.ts parsers). */
function kindOf(dataType: string, udtName: string): Kind {
  if (dataType === 'ARRAY') return 'array';
  if (['json', 'jsonb'].includes(udtName)) return 'json';
  if (udtName === 'bytea') return 'bytes';
  if (udtName === 'bool') return 'boolean';
  if (['timestamptz', 'timestamp'].includes(udtName)) return 'Date';
  if (['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(udtName)) return 'number';
  return 'string';
}

/**
 * The hand-written Kysely types (`src/server/db/schema*.ts`) against the migrated database on both
 * engines: the same tables, the same columns, each with the kind of value it reads as and the same
 * nullability. A migration that adds, drops or changes a column fails here until the types follow.
 */
describe.each(TEST_ENGINES)('database types match the migrated schema (%s)', (engine) => {
  const ctx = useTestApp(engine);

  it('every table and column, its kind and nullability', async () => {
    const declared = declaredSchema();
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: 'YES' | 'NO';
      is_generated: string;
    }>`select table_name, column_name, data_type, udt_name, is_nullable, is_generated
         from information_schema.columns
        where table_schema = 'public'
        order by table_name, ordinal_position`.execute(ctx.database.db);
    const actual = new Map<string, Map<string, ColumnShape>>();
    for (const row of rows) {
      const columns = actual.get(row.table_name) ?? new Map<string, ColumnShape>();
      columns.set(row.column_name, {
        kind: kindOf(row.data_type, row.udt_name),
        // A generated column reads as nullable in information_schema whatever its expression gives.
        nullable: row.is_nullable === 'YES' && row.is_generated !== 'ALWAYS',
      });
      actual.set(row.table_name, columns);
    }
    expect([...declared.keys()].sort()).toEqual([...actual.keys()].sort());
    const differences: string[] = [];
    for (const [table, columns] of actual) {
      const typed = declared.get(table) ?? new Map<string, ColumnShape>();
      for (const [column, shape] of columns) {
        const mine = typed.get(column);
        if (!mine) differences.push(`${table}.${column}: in the database, not in the types`);
        else if (mine.nullable !== shape.nullable)
          differences.push(`${table}.${column}: ${shape.nullable ? 'nullable' : 'not null'} in the database`);
        // A json column may hold an array or an object; `unknown`/object types accept any column.
        else if (
          mine.kind !== shape.kind &&
          mine.kind !== 'json' &&
          !(shape.kind === 'json' && mine.kind === 'array')
        )
          differences.push(`${table}.${column}: ${shape.kind} in the database, ${mine.kind} in the types`);
      }
      for (const column of typed.keys())
        if (!columns.has(column)) differences.push(`${table}.${column}: in the types, not in the database`);
    }
    expect(differences).toEqual([]);
  });
});
