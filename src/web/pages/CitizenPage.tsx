import { AreaIntro } from '../components/AreaIntro.tsx';

/** The citizen area (household health book); its screens arrive with accounts. */
export function CitizenPage() {
  return <AreaIntro area="citizen" />;
}
