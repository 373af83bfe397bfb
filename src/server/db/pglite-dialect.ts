import { type PGlite, parse, protocol } from '@electric-sql/pglite';
import { E_TIMEOUT, Mutex, withTimeout } from 'async-mutex';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { preparedName } from './prepared.ts';

export interface PGliteDialectConfig {
  pglite: PGlite;
  /**
   * Hold the single PGlite session under a mutex from acquire to release. Always true in the product;
   * `false` exists only so a test can show what goes wrong without it (transactions interleave).
   */
  serialize?: boolean;
  /** How long a query waits for the session before failing loudly (default 30 s). */
  acquireTimeoutMs?: number;
}

/**
 * Kysely dialect for PGlite. Kysely 0.28 has none, and the community one neither serialises access nor
 * reports affected rows. PGlite is one Postgres session: if two requests' statements interleave, one
 * request's INSERT lands inside another's transaction and vanishes with its ROLLBACK. The driver
 * therefore lends its one connection to one caller at a time, from acquire to release, which covers a
 * whole Kysely transaction.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly config: PGliteDialectConfig) {}
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.config);
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  readonly #mutex;
  readonly #serialize: boolean;
  #release: (() => void) | undefined;

  constructor(config: PGliteDialectConfig) {
    this.#connection = new PGliteConnection(config.pglite);
    this.#serialize = config.serialize ?? true;
    this.#mutex = withTimeout(new Mutex(), config.acquireTimeoutMs ?? 30_000);
  }

  async init(): Promise<void> {
    await this.#connection.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#serialize) return this.#connection;
    try {
      this.#release = await this.#mutex.acquire();
    } catch (error) {
      if (error === E_TIMEOUT) {
        throw new Error(
          'Timed out waiting for the PGlite session: is a query using `db` inside a transaction instead of `trx`?',
        );
      }
      throw error;
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    // Wait for the current holder so closing never cuts a transaction in half.
    if (this.#serialize) await this.#mutex.waitForUnlock().catch(() => undefined);
    if (!this.#connection.pglite.closed) await this.#connection.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  /** Statements prepared in the PGlite session (it lives as long as this connection): name → parameter types. */
  readonly #prepared = new Map<string, number[]>();

  constructor(readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const name = preparedName(compiledQuery.sql);
    if (name) return this.#executePrepared<R>(name, compiledQuery);
    if (compiledQuery.parameters.length === 0 && isScript(compiledQuery.sql)) {
      // Several statements (a migration file) need the simple-query protocol.
      const results = await this.pglite.exec(compiledQuery.sql);
      const last = results.at(-1);
      return { rows: (last?.rows ?? []) as R[], numAffectedRows: BigInt(last?.affectedRows ?? 0) };
    }
    const result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const isWrite = /^\s*(insert|update|delete|merge)\b/i.test(compiledQuery.sql);
    return {
      rows: result.rows,
      numAffectedRows: isWrite ? BigInt(result.affectedRows ?? 0) : undefined,
    };
  }

  /**
   * Runs a statement marked with `preparedSql` as a named prepared statement: parsed and planned once in
   * the session, then bound and executed in one protocol exchange, as PGlite's own `query` does it
   * otherwise (same parameter serialisers and result parsers, sync to disk outside transactions).
   */
  async #executePrepared<R>(name: string, query: CompiledQuery, retry = true): Promise<QueryResult<R>> {
    const { serialize } = protocol;
    const run = async () => {
      let types = this.#prepared.get(name);
      if (!types) {
        const described = await this.pglite.execProtocol(
          concat(
            serialize.parse({ name, text: query.sql }),
            serialize.describe({ type: 'S', name }),
            serialize.sync(),
          ),
          { syncToFs: false },
        );
        types = parse.parseDescribeStatementResults(described.messages);
        this.#prepared.set(name, types);
      }
      const values = query.parameters.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = this.pglite.serializers[types[i]];
        return serializer ? serializer(value) : String(value);
      });
      const { messages } = await this.pglite.execProtocol(
        concat(
          serialize.bind({ statement: name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ),
        { syncToFs: false },
      );
      if (!this.pglite.isInTransaction()) await this.pglite.syncToFs();
      return parse.parseResults(messages, this.pglite.parsers)[0];
    };
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await this.pglite.runExclusive(run);
    } catch (error) {
      // Dropped (DEALLOCATE) or stale after a schema change: prepare it again, once.
      const stale =
        error instanceof Error &&
        ((error as { code?: string }).code === '26000' || /cached plan must not change/.test(error.message));
      if (!retry || !stale) throw error;
      this.#prepared.delete(name);
      await this.pglite.runExclusive(() =>
        this.pglite.execProtocol(concat(serialize.close({ type: 'S', name }), serialize.sync()), {
          syncToFs: false,
        }),
      );
      return this.#executePrepared(name, query, false);
    }
    return {
      rows: result.rows as R[],
      numAffectedRows: /^\s*(insert|update|delete|merge)\b/i.test(query.sql.replace(MARKER_COMMENT, ''))
        ? BigInt(result.affectedRows ?? 0)
        : undefined,
    };
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 1000,
  ): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no server-side cursors over this API; the result is read whole and yielded in chunks.
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

const MARKER_COMMENT = /^\/\*[^*]*\*\//;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** True when SQL text holds more than one statement (a `;` followed by more SQL). */
function isScript(sql: string): boolean {
  return /;\s*\S/.test(sql.replace(/--[^\n]*/g, ''));
}
