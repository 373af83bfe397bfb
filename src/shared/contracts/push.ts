import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the push endpoints move here from their routes file. */
export const push = {} satisfies Record<string, ReturnType<typeof endpoint>>;
