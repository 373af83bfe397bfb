import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3 document built from the routes' zod schemas, at /openapi.json, with a docs page at /docs. */
export async function registerOpenApi(app: FastifyInstance, version: string) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sskdt API',
        description:
          'Sổ sức khỏe điện tử — vaccination registry, health book and vaccine passport. Errors are ' +
          '`application/problem+json` with a stable `code`, field errors and messages in Vietnamese and English.',
        version,
      },
      tags: [
        { name: 'system', description: 'Health, readiness, metrics' },
        { name: 'places', description: 'Administrative units (2025 and pre-2025) and their mapping' },
        { name: 'vaccines', description: 'Vaccine catalogue, EU DCC value sets, priority groups' },
        {
          name: 'accounts',
          description: 'Sign-in: citizens by phone and one-time code, staff by password and TOTP',
        },
        { name: 'people', description: 'The person registry for staff (jurisdiction-scoped, audited)' },
        { name: 'households', description: "A citizen's household: members, access log, export, inbox" },
        { name: 'corrections', description: 'Identity corrections: requested by citizens, decided by staff' },
        { name: 'admin', description: 'Staff users and the audit trail' },
        { name: 'doses', description: 'Dose records and vaccination status' },
        { name: 'stock', description: 'Vaccine lots and stock movements' },
        { name: 'reactions', description: 'Reactions after vaccination (AEFI) and alerts' },
        { name: 'registrations', description: 'Campaigns and registrations for vaccination' },
        {
          name: 'vaccination day',
          description: 'Day list, check-in, screening (Decision 5785), observation',
        },
        { name: 'notifications', description: 'Web Push: the VAPID key and device subscriptions' },
        {
          name: 'imports',
          description:
            'Imports of legacy dose records (CSV/XLSX): jobs, column mapping, error reports, review queue',
        },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // The UI sets inline styles; it must not reach an outside validator or force HTTPS on a LAN install.
    transformStaticCSP: (header) =>
      header
        .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'")
        .replace(/\s*validator\.swagger\.io/, '')
        .replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { deepLinking: true, validatorUrl: null },
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { policy: 'public' } }, async () =>
    app.swagger(),
  );
}
