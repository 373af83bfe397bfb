import { AreaIntro } from '../components/AreaIntro.tsx';

/** The certificate verifier; its scanner arrives with the certificate module. */
export function VerifierPage() {
  return <AreaIntro area="verifier" />;
}
