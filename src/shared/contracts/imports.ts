import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the imports endpoints move here from their routes file. */
export const imports = {} satisfies Record<string, ReturnType<typeof endpoint>>;
