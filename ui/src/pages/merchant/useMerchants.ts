import { useCallback, useEffect, useState } from "react";
import type { Merchant } from "../../bindings/Merchant";
import { call } from "../../ipc/call";
import { useActiveProfile } from "../../state/profile";

/** The local merchant index of the active profile (re-read when the profile changes). */
export function useMerchants(): { merchants: Merchant[]; loading: boolean; reload: () => Promise<void> } {
  const profile = useActiveProfile();
  const [merchants, setMerchants] = useState<Merchant[]>([]);
  const [loading, setLoading] = useState(false);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setMerchants(await call("merchant_list"));
    } catch {
      setMerchants([]);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload, profile?.name]);
  return { merchants, loading, reload };
}
