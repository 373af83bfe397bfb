import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the admin endpoints move here from their routes file. */
export const admin = {} satisfies Record<string, ReturnType<typeof endpoint>>;
