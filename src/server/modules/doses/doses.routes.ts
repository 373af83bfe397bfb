import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../../shared/messages.ts';
import {
  doseIdParams,
  doseRecordedSchema,
  doseRecordSchema,
  doseSchema,
  doseVoidSchema,
  vaccinationRecordSchema,
} from '../../../shared/schemas/doses.ts';
import { memberParams } from '../../../shared/schemas/households.ts';
import { personIdParams } from '../../../shared/schemas/people.ts';
import { problemResponses, problemSchema } from '../../../shared/schemas/problem.ts';
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
      return service.vaccinationRecord(app.db, request.params.id, service.vietnamDate(app.clock()));
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
      return service.vaccinationRecord(app.db, request.params.personId, service.vietnamDate(app.clock()));
    },
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
          'Send `Authorization: Bearer <API key>` (created by an admin for the facility). Each dose is checked and written on its own: one refusal does not stop the others, and a resend of the batch records nothing twice.',
        body: z.object({ doses: z.array(doseRecordSchema).min(1).max(500) }),
        response: {
          200: z.object({
            results: z.array(
              z.object({
                id: z.string(),
                status: z.enum(['recorded', 'already_recorded', 'refused']),
                doseNumber: z.number().int().optional(),
                problem: problemSchema.optional(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      const results = [];
      for (const dose of request.body.doses) {
        try {
          const recorded = await service.recordDose(app.db, actor, dose, app.clock(), 'api');
          results.push({
            id: dose.id,
            status: recorded.replayed ? ('already_recorded' as const) : ('recorded' as const),
            doseNumber: recorded.dose.doseNumber,
          });
        } catch (error) {
          const appError = asAppError(error);
          if (appError.status >= 500) throw error;
          results.push({
            id: dose.id,
            status: 'refused' as const,
            problem: toProblem(appError, request, pickLang(request.headers['accept-language'])),
          });
        }
      }
      return { results };
    },
  );
};
