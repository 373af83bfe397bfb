import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the sessions endpoints move here from their routes file. */
export const vaccinationSessions = {} satisfies Record<string, ReturnType<typeof endpoint>>;
