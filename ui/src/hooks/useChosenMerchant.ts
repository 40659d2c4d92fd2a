// The merchant the operator is working on, kept across pages (and restarts) per profile: picking it on the
// test-order page leaves it picked on refunds, statements, balance and every journey page.
import { useCallback, useEffect, useState } from "react";
import { useActiveProfile } from "../state/profile";

const EVENT = "paydesk-chosen-merchant";
const key = (profile: string) => `paydesk.merchant.${profile}`;

/** The remembered merchant of `profile` ("" when none). */
export function chosenMerchant(profile: string | undefined): string {
  return profile ? (localStorage.getItem(key(profile)) ?? "") : "";
}

/** Remembers `huifuId` for `profile` and tells every mounted picker. */
export function chooseMerchant(profile: string | undefined, huifuId: string) {
  if (!profile) return;
  if (huifuId) localStorage.setItem(key(profile), huifuId);
  else localStorage.removeItem(key(profile));
  window.dispatchEvent(new CustomEvent(EVENT, { detail: { profile, huifuId } }));
}

/** [the chosen merchant, choose another] for the active profile. */
export function useChosenMerchant(): [string, (huifuId: string) => void] {
  const profile = useActiveProfile()?.name;
  const [value, setValue] = useState(() => chosenMerchant(profile));
  useEffect(() => {
    setValue(chosenMerchant(profile));
    const on = (e: Event) => {
      const d = (e as CustomEvent<{ profile: string; huifuId: string }>).detail;
      if (d.profile === profile) setValue(d.huifuId);
    };
    window.addEventListener(EVENT, on);
    return () => window.removeEventListener(EVENT, on);
  }, [profile]);
  const choose = useCallback((id: string) => chooseMerchant(profile, id), [profile]);
  return [value, choose];
}
