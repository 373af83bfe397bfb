import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the registrations endpoints move here from their routes file. */
export const registrations = {} satisfies Record<string, ReturnType<typeof endpoint>>;
