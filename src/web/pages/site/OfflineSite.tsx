import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { Me } from '../../../shared/schemas/accounts.ts';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.ts';
import {
  clearDeviceData,
  isNetworkError,
  saveActor,
  savedActor,
  vietnamDay,
} from '../../lib/offline-cache.ts';
import { OfflineSiteContext } from '../../lib/offline-hooks.ts';
import { OfflineSyncer, type SyncOutcome } from '../../lib/offline-sync.ts';

type StaffMe = Extract<NonNullable<Me['actor']>, { kind: 'staff' }>;

/**
 * Who is signed in on the site screen. With a network: the server's answer (a staff member is
 * remembered on this device; anyone else clears the device's day data, the session being over).
 * Without one (a reload offline): the staff member this device remembers, while their session can
 * still be valid.
 */
export function useSiteActor(): { pending: boolean; actor: Me['actor']; fromDevice: boolean } {
  const me = useMe();
  const noNetwork = (me.isError && isNetworkError(me.error)) || (me.isPending && me.fetchStatus === 'paused');
  const saved = useQuery({
    queryKey: ['offline-actor'],
    queryFn: () => savedActor().catch(() => null),
    enabled: noNetwork && !me.data,
    networkMode: 'always',
  });
  const answered = me.data?.actor;
  // Loaded without a network, the browser's `online` is the only news of its return (the query
  // library saw no `offline` first, so it does not retry by itself). Asked outside the query: a
  // refetch of a query without data goes back to "pending", which would unmount the screen.
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!noNetwork) return;
    const retry = () =>
      void api.auth
        .me()
        .then((answer) => queryClient.setQueryData(['me'], answer))
        .catch(() => undefined);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [noNetwork, queryClient]);
  useEffect(() => {
    if (!me.data) return;
    if (answered?.kind === 'staff' && !answered.needsTotp) void saveActor(answered).catch(() => undefined);
    else void clearDeviceData().catch(() => undefined);
  }, [me.data, answered]);
  const last = useRef<{ pending: boolean; actor: Me['actor']; fromDevice: boolean } | null>(null);
  let answer: { pending: boolean; actor: Me['actor']; fromDevice: boolean };
  if (me.data) answer = { pending: false, actor: me.data.actor, fromDevice: false };
  else if (noNetwork) answer = { pending: saved.isPending, actor: saved.data ?? null, fromDevice: true };
  // Opened from the device and asked again (a retry in flight): keep the screen rather than a loader.
  else if (last.current?.fromDevice && me.fetchStatus === 'fetching') answer = last.current;
  else answer = { pending: true, actor: null, fromDevice: false };
  if (!answer.pending) last.current = answer;
  return answer;
}

/**
 * The offline side of the signed-in site screen: the context the day list and dose entry save and
 * queue under, and the syncer (page load, `online`, backoff). A sync that recorded doses refreshes the
 * day list; one that found the session over asks who is signed in again (→ the sign-in form).
 */
export function OfflineSite({
  actor,
  facilityId,
  fromDevice,
  children,
}: {
  actor: StaffMe;
  facilityId: string;
  fromDevice: boolean;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [syncer, setSyncer] = useState<OfflineSyncer | null>(null);
  useEffect(() => {
    const onSettled = (outcome: SyncOutcome) => {
      if (outcome.kind === 'synced' && outcome.recorded) {
        void queryClient.invalidateQueries({ queryKey: ['day-list'] });
        void queryClient.invalidateQueries({ queryKey: ['observation'] });
        void queryClient.invalidateQueries({ queryKey: ['staff-vaccination'] });
      }
      if (outcome.kind === 'signIn') void queryClient.invalidateQueries({ queryKey: ['me'] });
    };
    // The sync asks who is signed in first; the screen learns the answer too.
    const me = async () => {
      const answer = await api.auth.me();
      queryClient.setQueryData(['me'], answer);
      return answer;
    };
    const next = new OfflineSyncer({ me, syncVisits: api.visits.batch }, onSettled);
    next.start();
    setSyncer(next);
    return () => next.stop();
  }, [queryClient]);
  const day = vietnamDay();
  const value = useMemo(
    () => ({
      staffId: actor.staffId,
      staffName: actor.displayName,
      facilityId,
      day,
      syncer,
      fromDevice,
    }),
    [actor.staffId, actor.displayName, facilityId, day, syncer, fromDevice],
  );
  return <OfflineSiteContext.Provider value={value}>{children}</OfflineSiteContext.Provider>;
}
