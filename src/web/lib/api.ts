import { useQuery } from '@tanstack/react-query';
import { createClient, fetchTransport } from '../../shared/api/client.ts';
import { contract } from '../../shared/contracts/index.ts';
import { currentLang } from '../i18n/index.ts';

/** The web app's API client, derived from the contract: same origin, the chosen language on every request. */
export const api = createClient(contract, { transport: fetchTransport(), lang: currentLang });

/** The public overview (counts, demo marker). */
export function useOverview() {
  return useQuery({ queryKey: ['overview'], queryFn: () => api.system.overview(), staleTime: 60_000 });
}
