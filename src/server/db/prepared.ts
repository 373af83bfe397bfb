import { createHash } from 'node:crypto';

/**
 * Prepared statements for the few fixed statements of the busiest routes (dose recording). A statement
 * whose SQL starts with `preparedSql(NAME)` (a comment) runs as a named prepared statement on either
 * engine: each connection parses and plans it once, then only binds and executes it. Parsing and
 * planning were most of the database's work per recorded dose. Other statements run as before.
 *
 * Prepared statements outlive schema changes badly ("cached plan must not change result type"):
 * migrations run before the server listens, so a running server never sees one.
 */
export function preparedSql(name: string): string {
  if (!/^[a-z_]{1,40}$/.test(name)) throw new Error(`bad prepared statement name: ${name}`);
  return `/* prepared:${name} */`;
}

const MARKER = /^\/\* prepared:([a-z_]{1,40}) \*\//;
const names = new Map<string, string>();

/**
 * The statement name of a marked SQL text (its marker plus a hash, so two texts never share a name),
 * or undefined for any other statement.
 */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith('/* prepared:')) return undefined;
  let name = names.get(text);
  if (name === undefined) {
    const marker = MARKER.exec(text);
    if (!marker) return undefined;
    name = `${marker[1]}_${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
    if (names.size < 1000) names.set(text, name);
  }
  return name;
}
