import type { RefundDraft } from "../../bindings/RefundDraft";
import type { SplitPart } from "../../bindings/SplitPart";
import { fenToYuan } from "../../money/yuan";
import { splitBunchText } from "./split";

/**
 * The `data` of the refund request desk will send for this draft, shown before sending so the person sees
 * exactly what goes to Huifu (desk's submit builds the same fields: ord_amt in yuan, the original named by
 * req_seq_id when known, else hf_seq_id, the split refund's parts as acct_split_bunch, the reason as remark).
 */
export function refundRequestPreview(draft: RefundDraft, amountFen: number, reason: string, split: SplitPart[] = []): Record<string, string> {
  const t = draft.refundable.trade;
  const out: Record<string, string> = {
    req_date: draft.reqDate,
    req_seq_id: draft.reqSeqId,
    huifu_id: t.huifuId,
    ord_amt: fenToYuan(amountFen),
    org_req_date: t.reqDate ?? "",
  };
  if (t.reqSeqId) out.org_req_seq_id = t.reqSeqId;
  else if (t.hfSeqId) out.org_hf_seq_id = t.hfSeqId;
  if (split.length) out.acct_split_bunch = splitBunchText(split);
  if (reason.trim()) out.remark = reason;
  return out;
}
