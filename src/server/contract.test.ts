import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApi } from '../../test/helpers/api.ts';
import { useTestApp } from '../../test/helpers/test-app.ts';
import { endpointsOf } from '../shared/api/endpoint.ts';
import { withErrorTable } from '../shared/api/error-table.ts';
import { ERRORS } from '../shared/api/errors.ts';
import { contract } from '../shared/contracts/index.ts';

/** Routes that are not API operations: the OpenAPI document itself and its docs page. */
const NOT_OPERATIONS = [/^GET \/openapi\.json$/, /^GET \/docs/, /^GET \/\*$/];

const key = (method: string, url: string) => `${method} ${url.replace(/\{([^}]+)\}/g, ':$1')}`;

/**
 * One description per endpoint: the contract, the route table, the OpenAPI document and the typed
 * client must list exactly the same operations, and the error codes must be the catalogue's.
 */
describe('the contract is the one description of the API', () => {
  const ctx = useTestApp('pglite');

  it('the route table, the OpenAPI document and the client list exactly the contract’s operations', async () => {
    const described = endpointsOf(contract).map(({ endpoint: e }) => key(e.method, e.path));
    expect(new Set(described).size, 'two contract entries share a method and path').toBe(described.length);

    const routes = ctx.app.routeTable.filter(
      (r) => !NOT_OPERATIONS.some((re) => re.test(`${r.method} ${r.url}`)),
    );
    const unmounted = routes.filter((r) => !r.endpoint).map((r) => `${r.method} ${r.url}`);
    expect(unmounted, 'routes registered without a contract entry').toEqual([]);
    expect(routes.map((r) => key(r.method, r.url)).sort()).toEqual([...described].sort());
    for (const route of routes) expect(route.policy, route.url).toBe(route.endpoint?.policy);

    const document = (await ctx.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((method) => key(method.toUpperCase(), p)),
    );
    const visible = endpointsOf(contract)
      .filter(({ endpoint: e }) => !e.hide)
      .map(({ endpoint: e }) => key(e.method, e.path));
    expect(documented.sort()).toEqual(visible.sort());

    const client = testApi(ctx.app) as unknown as Record<string, Record<string, { endpoint: unknown }>>;
    for (const { name, endpoint } of endpointsOf(contract)) {
      const [module, op] = name.split('.');
      expect(client[module]?.[op]?.endpoint, name).toBe(endpoint);
    }
  });

  it('every error code the server throws is in the catalogue, with its status', () => {
    const thrown = new Map<string, Set<number>>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const text = fs.readFileSync(file, 'utf8');
          for (const m of text.matchAll(/new AppError\(\s*'([a-z_]+)',\s*(\d{3})/g)) {
            const statuses = thrown.get(m[1]) ?? new Set<number>();
            statuses.add(Number(m[2]));
            thrown.set(m[1], statuses);
          }
        }
      }
    };
    walk(path.resolve(import.meta.dirname));
    expect(thrown.size).toBeGreaterThan(40);
    for (const [code, statuses] of thrown) {
      expect(ERRORS, `${code} is thrown but not in src/shared/api/errors.ts`).toHaveProperty(code);
      expect([...statuses], code).toEqual([ERRORS[code as keyof typeof ERRORS][0]]);
    }
  });

  it('docs/API.md lists the catalogue as it is (npm run docs:api)', () => {
    const file = path.resolve(import.meta.dirname, '../../docs/API.md');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(withErrorTable(text));
  });
});
