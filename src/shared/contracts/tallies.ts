import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the tallies endpoints move here from their routes file. */
export const tallies = {} satisfies Record<string, ReturnType<typeof endpoint>>;
