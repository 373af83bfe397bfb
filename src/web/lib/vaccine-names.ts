import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

/**
 * The vaccine's name for a catalogue code ("PFIZER" → "Pfizer-BioNTech"): one display name per product
 * on every screen. The catalogue is read once and kept (the same query the forms use); until it is
 * there, or for a code it does not hold, the code itself is shown.
 */
export function useVaccineNames(): (code: string | null | undefined) => string {
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => api.vaccines.list().then((r) => r.items),
    staleTime: Number.POSITIVE_INFINITY,
    networkMode: 'always',
  });
  const names = new Map((vaccines.data ?? []).map((v) => [v.code, v.name]));
  return (code) => (code ? (names.get(code) ?? code) : '');
}
