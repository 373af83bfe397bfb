import { useCallback, useEffect, useRef, useState } from 'react';
import {
  buildTrust,
  fetchInstanceLists,
  type LoadedTrust,
  loadSources,
  mergeFetched,
  saveSources,
  type TrustSource,
} from './trust-cache.ts';

/** The trust sources on this device, the store built from them, and refreshing/importing/removing. */
export function useTrust() {
  const [sources, setSources] = useState<TrustSource[]>(() => loadSources());
  const [trust, setTrust] = useState<LoadedTrust | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const sourcesRef = useRef(sources);
  sourcesRef.current = sources;

  const update = useCallback((next: TrustSource[]) => {
    saveSources(next);
    setSources(next);
  }, []);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    try {
      // Merged into the sources as they are when the fetches end (a file imported meanwhile stays).
      const fetched = await fetchInstanceLists(sourcesRef.current);
      update(mergeFetched(sourcesRef.current, fetched));
    } finally {
      setRefreshing(false);
    }
  }, [update]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    let cancelled = false;
    void buildTrust(sources).then((loaded) => {
      if (!cancelled) setTrust(loaded);
    });
    return () => {
      cancelled = true;
    };
  }, [sources]);

  const importFiles = useCallback(
    async (files: File[]) => {
      const added: TrustSource[] = [];
      for (const file of files) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        // DER certificates are binary: keep them as PEM text so storage stays text.
        const text =
          bytes[0] === 0x30
            ? `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...bytes))}\n-----END CERTIFICATE-----\n`
            : new TextDecoder().decode(bytes);
        added.push({
          id: `${file.name}:${Date.now()}:${added.length}`,
          name: file.name,
          text,
          origin: 'imported',
          savedAt: new Date().toISOString(),
        });
      }
      update([...sourcesRef.current, ...added]);
    },
    [update],
  );

  const remove = useCallback((id: string) => update(sourcesRef.current.filter((s) => s.id !== id)), [update]);

  return { sources, trust, refreshing, refresh, importFiles, remove };
}
