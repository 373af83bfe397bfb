import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the corrections endpoints move here from their routes file. */
export const corrections = {} satisfies Record<string, ReturnType<typeof endpoint>>;
