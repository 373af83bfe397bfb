import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the households endpoints move here from their routes file. */
export const households = {} satisfies Record<string, ReturnType<typeof endpoint>>;
