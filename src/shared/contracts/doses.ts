import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the doses endpoints move here from their routes file. */
export const doses = {} satisfies Record<string, ReturnType<typeof endpoint>>;
