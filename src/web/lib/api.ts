import { useQuery } from '@tanstack/react-query';
import { createApiClient } from '../../shared/api-client.ts';
import { currentLang } from '../i18n/index.ts';

/** The web app's API client: same origin, the chosen language on every request. */
export const api = createApiClient({ lang: currentLang });

/** The public overview (counts, demo marker). */
export function useOverview() {
  return useQuery({ queryKey: ['overview'], queryFn: () => api.overview(), staleTime: 60_000 });
}
