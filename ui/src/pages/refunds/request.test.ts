import { describe, expect, it } from "vitest";
import type { RefundDraft } from "../../bindings/RefundDraft";
import { refundRequestPreview } from "./request";

const draft: RefundDraft = {
  reqSeqId: "20261130aa01",
  reqDate: "20261130",
  refundable: {
    trade: { huifuId: "6666000100000001", reqSeqId: "20261130pay1", reqDate: "20261130", hfSeqId: "0030default" },
    transStat: "S",
    paidFen: 100,
    refundedFen: 0,
    pendingFen: 0,
    refundableFen: 100,
    split: [],
    splitRefundable: [],
  },
};

describe("refundRequestPreview", () => {
  it("shows the fields desk sends, the amount in yuan, the original by req_seq_id", () => {
    expect(refundRequestPreview(draft, 30, "破损")).toEqual({
      req_date: "20261130",
      req_seq_id: "20261130aa01",
      huifu_id: "6666000100000001",
      ord_amt: "0.30",
      org_req_date: "20261130",
      org_req_seq_id: "20261130pay1",
      remark: "破损",
    });
  });

  it("names the original by hf_seq_id when no req_seq_id is known, and leaves out an empty remark", () => {
    const d = { ...draft, refundable: { ...draft.refundable, trade: { ...draft.refundable.trade, reqSeqId: undefined } } };
    const r = refundRequestPreview(d, 100, " ");
    expect(r.org_hf_seq_id).toBe("0030default");
    expect(r.org_req_seq_id).toBeUndefined();
    expect(r.remark).toBeUndefined();
  });

  it("carries a split refund's parts as acct_split_bunch", () => {
    const r = refundRequestPreview(draft, 30, "", [{ huifuId: "6666000100000001", amountFen: 30 }]);
    expect(r.acct_split_bunch).toBe('{"acct_infos":[{"huifu_id":"6666000100000001","div_amt":"0.30"}]}');
  });
});
