import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the auth endpoints move here from their routes file. */
export const auth = {} satisfies Record<string, ReturnType<typeof endpoint>>;
