import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the facilities endpoints move here from their routes file. */
export const facilities = {} satisfies Record<string, ReturnType<typeof endpoint>>;
