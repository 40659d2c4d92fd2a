// The merchant a page works on, carried in the URL (?huifu_id=) and remembered across pages.
import { useCallback, useEffect } from "react";
import { useSearchParams } from "react-router-dom";
import { useChosenMerchant } from "./useChosenMerchant";

/**
 * The merchant a journey page works on, carried in the URL (`?huifu_id=`) so "next step" links keep it;
 * without one in the URL, the merchant chosen last on any page (`fallback`, off for the merchants list,
 * which shows the list until a merchant is opened). Choosing here is remembered for the other pages.
 */
export function useHuifuIdParam(fallback = true): [string | undefined, (id: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const [chosen, choose] = useChosenMerchant();
  const fromUrl = params.get("huifu_id") ?? undefined;
  const id = fromUrl ?? (fallback && chosen ? chosen : undefined);
  useEffect(() => {
    if (fromUrl && fromUrl !== chosen) choose(fromUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new URL id is remembered; a choice made elsewhere must not re-run it
  }, [fromUrl]);
  const set = useCallback(
    (v: string | undefined) => {
      const next = new URLSearchParams(params);
      if (v) next.set("huifu_id", v);
      else next.delete("huifu_id");
      setParams(next, { replace: true });
      if (v || fallback) choose(v ?? "");
    },
    [params, setParams, choose, fallback],
  );
  return [id, set];
}
