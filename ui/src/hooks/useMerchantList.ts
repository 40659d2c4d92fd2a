import { useCallback, useEffect, useRef, useState } from "react";

/** What Huifu lists for this merchant (`fetch`): loaded when the page opens and on `load`; empty after an
 * error, which `onError` shows. `setList` takes the list a write answers with. */
export function useMerchantList<T>(fetch: () => Promise<T[]>, onError: (e: unknown) => unknown) {
  const [list, setList] = useState<T[] | null>(null);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const load = useCallback(async () => {
    try {
      setList(await fetchRef.current());
    } catch (e) {
      setList([]);
      onError(e);
    }
  }, [onError]);
  useEffect(() => {
    void load();
  }, [load]);
  return { list, setList, load };
}
