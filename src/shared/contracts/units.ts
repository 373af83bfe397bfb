import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the units endpoints move here from their routes file. */
export const units = {} satisfies Record<string, ReturnType<typeof endpoint>>;
