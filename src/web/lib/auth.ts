import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';
import { clearDeviceData } from './offline-cache.ts';
import { clearQueue } from './offline-queue.ts';

/** Who is signed in (citizen, staff or nobody); also primes the client's CSRF token. */
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api.auth.me(), staleTime: 30_000 });
}

/** Signs out and forgets every cached answer of the previous user. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    await api.auth.logout().catch(() => undefined);
    // The site screen's day data kept for offline use, and the queue of doses entered offline (names,
    // CCCDs), are personal data: they go with the session. SignOutButton asks first when doses are
    // still waiting to be sent.
    await clearQueue().catch(() => undefined);
    await clearDeviceData().catch(() => undefined);
    // Nobody first (the screens switch to their sign-in at once), then the previous user's answers go.
    // (`clear()` left mounted screens on the removed queries: they kept showing the signed-out user.)
    queryClient.setQueryData(['me'], { actor: null, csrfToken: null });
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    await queryClient.invalidateQueries({ queryKey: ['me'] });
  };
}

/** The demo sign-ins (empty unless the instance holds demo data). */
export function useDemoLogins() {
  return useQuery({ queryKey: ['demo-logins'], queryFn: () => api.auth.demoLogins(), staleTime: 300_000 });
}
