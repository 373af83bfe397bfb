import type { z } from 'zod';
import { ApiError } from './api-client.ts';
import type { Requester } from './api-client-vaccination.ts';
import type { Lang } from './messages.ts';
import {
  LOOKUP_TOKEN_HEADER,
  type lookupRequestSchema,
  lookupResultSchema,
  lookupStartedSchema,
} from './schemas/certificate-lookup.ts';
import { type Certificate, certificateSchema } from './schemas/certificates.ts';
import { problemSchema } from './schemas/problem.ts';

export interface LookupTransport {
  baseUrl: string;
  fetch: typeof fetch;
  lang?: () => Lang;
}

/**
 * The public certificate lookup: start (details), verify (code → certificate + token), and the PDF,
 * fetched with the token in a header so it never appears in a URL.
 */
export function lookupEndpoints(request: Requester, transport: LookupTransport) {
  return {
    startLookup: (input: z.input<typeof lookupRequestSchema>) =>
      request('POST', '/api/public/certificate-lookup', lookupStartedSchema, { body: input }),
    verifyLookup: (lookupId: string, code: string) =>
      request(
        'POST',
        `/api/public/certificate-lookup/${encodeURIComponent(lookupId)}/verify`,
        lookupResultSchema,
        { body: { code } },
      ),
    /** A new certificate after a revocation (where the rules allow it), while the token lives. */
    lookupReissue: async (token: string): Promise<Certificate> => {
      const path = '/api/public/certificate-lookup/certificate';
      const response = await transport.fetch(`${transport.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          accept: 'application/json, application/problem+json',
          'accept-language': transport.lang?.() ?? 'vi',
          [LOOKUP_TOKEN_HEADER]: token,
        },
        credentials: 'same-origin',
      });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) {
        const problem = problemSchema.safeParse(body);
        if (problem.success) throw new ApiError(response.status, problem.data);
        throw new Error(`${response.status} from ${path}`);
      }
      return certificateSchema.parse(body);
    },
    /** The looked-up certificate as a PDF (a Blob), while the token lives. */
    lookupPdf: async (token: string, size: 'a4' | 'wallet', lang: Lang): Promise<Blob> => {
      const path = '/api/public/certificate-lookup/certificate.pdf';
      const response = await transport.fetch(`${transport.baseUrl}${path}?size=${size}&lang=${lang}`, {
        headers: {
          accept: 'application/pdf, application/problem+json',
          'accept-language': transport.lang?.() ?? 'vi',
          [LOOKUP_TOKEN_HEADER]: token,
        },
        credentials: 'same-origin',
      });
      if (!response.ok) {
        const problem = problemSchema.safeParse(await response.json().catch(() => undefined));
        if (problem.success) throw new ApiError(response.status, problem.data);
        throw new Error(`${response.status} from ${path}`);
      }
      return response.blob();
    },
  };
}
