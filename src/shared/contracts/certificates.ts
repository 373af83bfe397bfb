import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the certificates endpoints move here from their routes file. */
export const certificates = {} satisfies Record<string, ReturnType<typeof endpoint>>;
