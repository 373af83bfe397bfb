import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vietnamDate } from '../../../shared/format.ts';
import { pickLang } from '../../../shared/messages.ts';
import {
  type DoseBatchResult,
  doseBatchResultSchema,
  doseIdParams,
  doseRecordedSchema,
  doseRecordSchema,
  doseSchema,
  doseVoidSchema,
  vaccinationRecordSchema,
} from '../../../shared/schemas/doses.ts';
import { memberParams } from '../../../shared/schemas/households.ts';
import { personIdParams } from '../../../shared/schemas/people.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import { asAppError, toProblem } from '../../plugins/errors.ts';
import * as audit from '../audit/audit.service.ts';
import * as households from '../households/households.service.ts';
import * as people from '../people/people.service.ts';
import * as service from './doses.service.ts';

const errors = problemResponses;

/** Dose records and vaccination status. */
export const dosesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/staff/doses',
    {
      config: { policy: 'staff:doses.record' },
      // The busiest route of a vaccination day answers with objects its own code builds to the schema's
      // types; re-validating them with zod on the way out cost ~10% of its throughput.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        tags: ['doses'],
        summary: 'Record a dose given at your facility (idempotent on the client-chosen id)',
        body: doseRecordSchema,
        response: { 200: doseRecordedSchema, 201: doseRecordedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await service.recordDose(app.db, staffOf(request), request.body, app.clock());
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/staff/doses/:id/void',
    {
      config: { policy: 'staff:doses.void' },
      schema: {
        tags: ['doses'],
        summary: 'Void a dose entered in error (kept, never counted)',
        params: doseIdParams,
        body: doseVoidSchema,
        response: { 200: doseSchema, ...errors },
      },
    },
    (request) =>
      service.voidDose(app.db, staffOf(request), request.params.id, request.body.reason, app.clock()),
  );

  app.get(
    '/api/staff/people/:id/vaccination',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['doses'],
        summary: "A person's doses and status with its reasons (audited)",
        params: personIdParams,
        response: { 200: vaccinationRecordSchema, ...errors },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      await people.requireInScope(app.db, request.params.id, actor.scope);
      await audit.record(app.db, audit.auditActorOf(actor), 'person.read_vaccination', {
        personId: request.params.id,
        recordType: 'person',
        recordId: request.params.id,
      });
      return service.vaccinationRecord(app.db, request.params.id, vietnamDate(app.clock()));
    },
  );

  app.get(
    '/api/me/household/members/:personId/vaccination',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['doses'],
        summary: "A member's vaccination history and green/yellow status with the reasons",
        params: memberParams,
        response: { 200: vaccinationRecordSchema, ...errors },
      },
    },
    async (request) => {
      await households.requireMember(app.db, citizenOf(request), request.params.personId);
      return service.vaccinationRecord(app.db, request.params.personId, vietnamDate(app.clock()));
    },
  );

  app.get(
    '/api/staff/doses/recorded-by-key',
    {
      config: { policy: 'staff:doses.read_own' },
      schema: {
        tags: ['doses'],
        summary: 'The doses this API key recorded (voided ones too), oldest first, page by page',
        description:
          'For a facility’s own software (`Authorization: Bearer <API key>`): read back what the key sent, e.g. to learn that a dose was voided at the site. `since` limits to doses recorded at or after an instant; `cursor` is the `nextCursor` of the previous page.',
        querystring: z.object({
          since: z.string().datetime({ offset: true }).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(doseSchema.extend({ recordedAt: z.string() })),
            nextCursor: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => service.dosesRecordedByKey(app.db, staffOf(request), request.query),
  );

  app.post(
    '/api/staff/doses/batch',
    {
      config: { policy: 'staff:doses.record' },
      schema: {
        tags: ['doses'],
        summary:
          "Record up to 500 doses from a site's own software (same rules and idempotency, one result per dose)",
        description:
          'Send `Authorization: Bearer <API key>` (created by an admin for the facility), or the staff session cookie (the site screen sending doses entered offline; recorded with source `site`). Each dose is checked and written on its own: one refusal does not stop the others, and a resend of the batch records nothing twice (`already_recorded`). A dose number the person already has (another device got there first) is a `conflict`: not recorded, the first record stands.',
        body: z.object({ doses: z.array(doseRecordSchema).min(1).max(500) }),
        response: { 200: doseBatchResultSchema, ...errors },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      // A site's own software sends an API key; the site screen sends its queue of doses entered
      // offline with the staff member's session cookie: those are doses entered at the site.
      const source = request.headers.authorization ? 'api' : 'site';
      const results: DoseBatchResult[] = [];
      for (const dose of request.body.doses) {
        try {
          const recorded = await service.recordDose(app.db, actor, dose, app.clock(), source);
          results.push({
            id: dose.id,
            status: recorded.replayed ? 'already_recorded' : 'recorded',
            doseNumber: recorded.dose.doseNumber,
          });
        } catch (error) {
          const appError = asAppError(error);
          if (appError.status >= 500) throw error;
          const conflict = appError.code === 'dose_number_taken';
          results.push({
            id: dose.id,
            status: conflict ? 'conflict' : 'refused',
            doseNumber: conflict ? Number(appError.fields[0]?.params?.number) : undefined,
            problem: toProblem(appError, request, pickLang(request.headers['accept-language'])),
          });
        }
      }
      return { results };
    },
  );
};
