// A write form's draft, sealed in desk, and the req_seq_id fixed when the form opens.
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormInstance } from "antd";
import { call } from "../ipc/call";

/** What a form can be filled with: any part of its values (antd's RecursivePartial). */
export type FormPart<V> = Parameters<FormInstance<V>["setFieldsValue"]>[0];

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
export function useDraft<V extends object>(key: string, form: FormInstance<V>, initial?: FormPart<V>) {
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
    if (initial) form.setFieldsValue(initial);
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
        form.setFieldsValue(draft.values);
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a draft is restored once per key; the form, initial values and helpers of a render must not re-restore it
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
      if (initial) form.setFieldsValue(initial);
    }
    await fresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `initial` is the first render's defaults; a new object each render must not make a new clear
  }, [form, fresh]);
  const renew = useCallback(async () => {
    await fresh();
    write();
  }, [fresh, write]);
  return { reqSeqId, save, clear, renew, hasDraft: () => kept.current };
}
