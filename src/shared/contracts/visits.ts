import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the visits endpoints move here from their routes file. */
export const visits = {} satisfies Record<string, ReturnType<typeof endpoint>>;
