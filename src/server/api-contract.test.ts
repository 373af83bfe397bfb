import { beforeAll, describe, expect, it } from 'vitest';
import { citizenSession, smsFile, staffSession } from '../../test/helpers/auth.ts';
import { useTestApp } from '../../test/helpers/test-app.ts';
import { type Permission, roleHas } from './policy/index.ts';

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** A value the schema must refuse, or undefined when any string is acceptable. */
function invalidValue(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return 'not-a-number';
  if (type === 'boolean') return 'maybe';
  if (schema.enum) return 'zzz-not-allowed';
  if (schema.pattern && !new RegExp(schema.pattern).test('!!!')) return '!!!';
  if (schema.maxLength !== undefined) return 'x'.repeat(schema.maxLength + 1);
  return undefined;
}

/** A JSON value of the wrong type for a property. */
function wrongType(schema: JsonSchema): unknown {
  const types = [schema.type, ...(schema.anyOf ?? []).map((s) => s.type)].flat().filter(Boolean);
  return types.includes('string') ? 12345 : 'wrong-type';
}

/**
 * The acceptance rule "bad input to every route returns 400 problem+json naming the field", checked
 * against the OpenAPI document, so every route added later is covered without writing a new test.
 */
describe('every route refuses bad input with 400 problem+json naming the field', () => {
  const sms = smsFile();
  const ctx = useTestApp('pglite', { sms: sms.sender });
  const headersFor = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    const admin = await staffSession(ctx.app, ctx.database.db, 'contract.admin', 'admin');
    const facility = await ctx.database.db
      .insertInto('facility')
      .values({
        code: 'CONTRACT-SITE',
        name: 'Contract site',
        kind: 'vaccination_site',
        unit_id: '2025-00004',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const site = await staffSession(ctx.app, ctx.database.db, 'contract.site', 'site_staff', {
      facility: facility.id,
    });
    const citizen = await citizenSession(ctx.app, sms, '0912000111');
    const key = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: admin.headers,
      payload: { facility: 'CONTRACT-SITE', name: 'contract' },
    });
    const apiKey = { authorization: `Bearer ${key.json().key}` };
    for (const route of ctx.app.routeTable) {
      const key = `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`;
      if (route.policy === 'citizen') headersFor.set(key, citizen.headers);
      else if (route.policy.startsWith('staff')) {
        // Whoever holds the route's permission: the admin for most, a vaccinator for dose recording, the
        // site's API key for what only keys may do.
        const permission = route.policy.split(':')[1] as Permission | undefined;
        headersFor.set(
          key,
          !permission || roleHas('admin', permission)
            ? admin.headers
            : roleHas('site_staff', permission)
              ? site.headers
              : apiKey,
        );
      }
    }
  });

  it('checks each parameter and body field of each documented operation', async () => {
    const doc = (await ctx.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const parameter of operation.parameters ?? []) {
          const bad = invalidValue(parameter.schema);
          if (bad === undefined || parameter.in === 'header') continue;
          const url =
            parameter.in === 'path'
              ? path.replace(`{${parameter.name}}`, encodeURIComponent(bad))
              : `${path.replace(/\{\w+\}/g, 'x')}?${parameter.name}=${encodeURIComponent(bad)}`;
          const headers = headersFor.get(`${method.toUpperCase()} ${path}`) ?? {};
          const res = await ctx.app.inject({ method: method.toUpperCase() as 'GET', url, headers });
          const where = `${method.toUpperCase()} ${url}`;
          expect(res.statusCode, where).toBe(400);
          expect(res.headers['content-type'], where).toContain('application/problem+json');
          const body = res.json();
          expect(body.code, where).toBe('validation_failed');
          expect(
            body.errors.map((e: { field: string }) => e.field),
            where,
          ).toContain(parameter.name);
          expect(res.body, where).not.toMatch(/\n\s+at /);
          checked++;
        }
        const schema = operation.requestBody?.content['application/json']?.schema;
        for (const [field, property] of Object.entries(schema?.properties ?? {})) {
          const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
          const headers = headersFor.get(`${method.toUpperCase()} ${path}`) ?? {};
          const res = await ctx.app.inject({
            method: method.toUpperCase() as 'POST',
            url,
            headers,
            payload: { [field]: wrongType(property) },
          });
          expect(res.statusCode, `${method} ${url} ${field} ${res.body}`).toBe(400);
          expect(
            res.json().errors.map((e: { field: string }) => e.field),
            `${method} ${url} ${field}`,
          ).toContain(field);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
