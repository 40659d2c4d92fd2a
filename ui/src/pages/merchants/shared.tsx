// Pieces every journey page shares: the merchant chosen in the URL (?huifu_id=), a merchant picker over the
// local index, the req_seq_id fixed when a form opens (kept with the draft), drafts sealed in desk, error
// fields mapped onto the form, and polling.
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormInstance } from "antd";
import { MerchantPicker } from "../../components/MerchantPicker";
import { useChosenMerchant } from "../../hooks/useChosenMerchant";
import { useNavigate, useSearchParams } from "react-router-dom";
import type { Merchant } from "../../bindings/Merchant";
import type { IpcError } from "../../bindings/IpcError";
import { call } from "../../ipc/call";
import { asIpcError, handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { useActiveProfile } from "../../state/profile";

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
    // eslint-disable-next-line react-hooks/exhaustive-deps
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

/** The one merchant picker (components/MerchantPicker), under its old name for the journey pages. */
export const MerchantSelect = MerchantPicker;

/** Wire field (`card_info.card_no`, `legal_cert_no`) → form path (`["card", "cardNo"]`, `["legalCertNo"]`). */
export function formPath(field: string): string[] {
  return field.split(".").map((p) => (p === "card_info" ? "card" : p.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())));
}

/** handleError with desk's wire field names mapped onto the camelCase form. */
export function useFormError(form?: FormInstance) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return useCallback(
    (raw: unknown): IpcError => {
      const e = asIpcError(raw);
      const mapped = e.field ? { ...e, field: formPath(e.field).join(".") } : e;
      return handleError(mapped, { t, form, navigate });
    },
    [t, form, navigate],
  );
}

interface Draft<V> {
  values: V;
  reqSeqId: string;
}

/**
 * A form's draft and its fixed req_seq_id: restored when the page opens (so closing the window loses
 * nothing), saved on every change, cleared after success. The id is kept across retries so a second click
 * re-sends the same request; `renew` (after Huifu refused it, so nothing was created) takes a fresh one.
 *
 * Drafts hold ID numbers, card numbers and mobiles: desk keeps them sealed in its store (draft_save /
 * draft_load / draft_delete), never the web view's storage. A draft an older version left in
 * localStorage is moved there once and removed.
 */
export function useDraft<V extends object>(key: string, form: FormInstance<V>, initial?: Partial<V>) {
  const legacyKey = `paydesk.draft.${key}`;
  const [reqSeqId, setReqSeqId] = useState<string>("");
  const idRef = useRef("");
  const keyRef = useRef(key);
  keyRef.current = key;
  const kept = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fresh = useCallback(async () => {
    const { reqSeqId: id } = await call("merchant_new_req_seq_id");
    idRef.current = id;
    setReqSeqId(id);
    return id;
  }, []);
  const write = useCallback(() => {
    timer.current = null;
    if (!idRef.current) return;
    const d: Draft<V> = { values: form.getFieldsValue(true) as V, reqSeqId: idRef.current };
    kept.current = true;
    call("draft_save", { key: keyRef.current, value: d }).catch(() => undefined);
  }, [form]);
  useEffect(() => {
    let live = true;
    // The defaults at once (the draft, read from desk, replaces them when it comes): a page that seeds the
    // form from Huifu meanwhile is not overwritten by them afterwards.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (initial) form.setFieldsValue(initial as any);
    const restore = async () => {
      let draft: Draft<V> | null = null;
      const legacy = localStorage.getItem(legacyKey);
      if (legacy !== null) {
        try {
          draft = JSON.parse(legacy) as Draft<V>;
          await call("draft_save", { key, value: draft });
        } catch {
          draft = null;
        }
        localStorage.removeItem(legacyKey);
      }
      if (!draft) {
        const got = await call("draft_load", { key }).catch(() => null);
        draft = (got?.value as Draft<V> | undefined) ?? null;
      }
      if (!live) return;
      if (draft?.reqSeqId) {
        kept.current = true;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        form.setFieldsValue(draft.values as any);
        idRef.current = draft.reqSeqId;
        setReqSeqId(draft.reqSeqId);
      } else {
        kept.current = false;
        void fresh();
      }
    };
    void restore();
    return () => {
      live = false;
      // Leaving the page: what was typed last is kept at once.
      if (timer.current) {
        clearTimeout(timer.current);
        write();
      }
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  /** Saves shortly after typing stops (each keystroke is not a store write). */
  const save = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(write, 300);
  }, [write]);
  /** Forgets the draft and takes a fresh id; `keepValues`: the form keeps what it shows (a setting just
   * saved is what Huifu now has, so showing the defaults again would lie). */
  const clear = useCallback(async (keepValues = false) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    kept.current = false;
    await call("draft_delete", { key: keyRef.current }).catch(() => undefined);
    if (!keepValues) {
      form.resetFields();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      if (initial) form.setFieldsValue(initial as any);
    }
    await fresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, fresh]);
  const renew = useCallback(async () => {
    await fresh();
    write();
  }, [fresh, write]);
  return { reqSeqId, save, clear, renew, hasDraft: () => kept.current };
}

/** After a write failed: Huifu refused it (nothing created, the id is spent) → a fresh id for the retry. */
export function spentId(e: IpcError): boolean {
  return e.code === "refused";
}

/** Runs `fn` every `ms` while `active`, and once at once. */
export function usePoll(fn: () => Promise<unknown> | void, ms: number, active: boolean) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        await ref.current();
      } catch {
        /* the page shows the last known state; the next tick tries again */
      }
      if (!stop) timer = setTimeout(tick, ms);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [ms, active]);
}
