import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the people endpoints move here from their routes file. */
export const people = {} satisfies Record<string, ReturnType<typeof endpoint>>;
