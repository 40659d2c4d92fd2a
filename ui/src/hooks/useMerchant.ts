// One merchant of the local index (merchant_get), read when the page opens and on `load`.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Merchant } from "../bindings/Merchant";
import { call } from "../ipc/call";

/** [the merchant (null until read or after a failed read), set it (a refresh answers with one), re-read].
 * A failed read goes to `onFail` (the page shows it, or shows something else). */
export function useMerchant(huifuId: string, onFail: (e: unknown) => void) {
  const [merchant, setMerchant] = useState<Merchant | null>(null);
  const failRef = useRef(onFail);
  failRef.current = onFail;
  const load = useCallback(async () => {
    try {
      setMerchant(await call("merchant_get", { huifuId }));
    } catch (e) {
      setMerchant(null);
      failRef.current(e);
    }
  }, [huifuId]);
  useEffect(() => {
    void load();
  }, [load]);
  return { merchant, setMerchant, load };
}
