import type { endpoint } from '../api/endpoint.ts';

/** TODO(issue 13): the certificate-lookup endpoints move here from their routes file. */
export const certificateLookup = {} satisfies Record<string, ReturnType<typeof endpoint>>;
