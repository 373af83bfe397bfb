import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the data-quality endpoints move here from their routes file. */
export const dataQuality = {} satisfies Record<string, ReturnType<typeof endpoint>>;
