import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the system endpoints move here from their routes file. */
export const system = {} satisfies Record<string, ReturnType<typeof endpoint>>;
