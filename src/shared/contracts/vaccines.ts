import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the vaccines endpoints move here from their routes file. */
export const vaccines = {} satisfies Record<string, ReturnType<typeof endpoint>>;
