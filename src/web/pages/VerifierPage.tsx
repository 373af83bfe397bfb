import { Container, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

// The certificate core (CBOR, X.509, schema validators, QR decoding) loads only with this page.
const Verifier = lazy(() => import('./verifier/Verifier.tsx'));

/** The certificate verifier (EU DCC and SMART Health Cards), offline once loaded. */
export function VerifierPage() {
  return (
    <Suspense
      fallback={
        <Container py="xl">
          <Loader aria-label="…" />
        </Container>
      }
    >
      <Verifier />
    </Suspense>
  );
}
