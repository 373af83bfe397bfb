import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the stock endpoints move here from their routes file. */
export const stock = {} satisfies Record<string, ReturnType<typeof endpoint>>;
