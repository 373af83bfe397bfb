import { z } from 'zod';
import { endpoint } from '../api/endpoint.ts';
import { paginationQuery } from '../schemas/common.ts';
import {
  identifyRequestSchema,
  mergeRequestSchema,
  mergeSchema,
  personCreateSchema,
  personIdParams,
  personPageSchema,
  personSchema,
  personSearchQuery,
  personUpdateSchema,
} from '../schemas/people.ts';

const tags = ['people'];

/** The person registry for staff: search, read, create, update, identify walk-ins, merge. */
export const people = {
  search: endpoint({
    method: 'GET',
    path: '/api/staff/people',
    policy: 'staff:people.read',
    tags,
    summary: 'Search persons in your jurisdiction (CCCD, phone, or name + optional birth date)',
    query: personSearchQuery,
    responses: { 200: personPageSchema },
    errors: [],
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/staff/people',
    policy: 'staff:people.write',
    tags,
    summary: 'Register a person (409 on an existing CCCD or a likely duplicate not yet confirmed)',
    body: personCreateSchema,
    responses: { 201: personSchema },
    errors: ['duplicate_cccd', 'likely_duplicate'],
  }),
  person: endpoint({
    method: 'GET',
    path: '/api/staff/people/:id',
    policy: 'staff:people.read',
    tags,
    summary: 'One person (the read is audited)',
    params: personIdParams,
    responses: { 200: personSchema },
    errors: ['not_found'],
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/staff/people/:id',
    policy: 'staff:people.write',
    tags,
    summary: 'Change a person (audited with old and new values)',
    params: personIdParams,
    body: personUpdateSchema,
    responses: { 200: personSchema },
    errors: ['not_found', 'duplicate_cccd'],
  }),
  identify: endpoint({
    method: 'POST',
    path: '/api/staff/people/identify',
    policy: 'staff:people.identify',
    tags,
    summary: 'Identify a walk-in by the CCCD and birth date on their card; links them to your facility',
    body: identifyRequestSchema,
    responses: { 200: personSchema },
    errors: ['not_found'],
  }),
  merge: endpoint({
    method: 'POST',
    path: '/api/staff/people/merge',
    policy: 'staff:people.merge',
    tags,
    summary: 'Merge a duplicate record into the one to keep (nothing is deleted)',
    body: mergeRequestSchema,
    responses: { 200: z.object({ id: z.string(), moved: z.record(z.string(), z.number()) }) },
    errors: ['not_found', 'already_merged', 'merge_dose_conflict'],
  }),
  merges: endpoint({
    method: 'GET',
    path: '/api/staff/merges',
    policy: 'staff:people.merge',
    tags,
    summary: 'Merges in your jurisdiction, newest first',
    query: paginationQuery,
    responses: { 200: z.object({ items: z.array(mergeSchema) }) },
    errors: [],
  }),
};
