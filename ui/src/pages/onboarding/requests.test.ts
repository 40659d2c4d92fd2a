import { describe, expect, it } from "vitest";
import { toEntRequest } from "./EntForm";
import { toIndvRequest } from "./IndvForm";
import { regionPath } from "../../components/RegionPicker";

describe("form values to the service's input", () => {
  it("regions come from the shipped Huifu table, the district's parents filled in", () => {
    expect(regionPath("110101")).toEqual(["110000", "110100", "110101"]);
    expect(regionPath("110100", 2)).toEqual(["110000", "110100"]);
    // 东莞's towns reuse the city code: the city is its own district.
    expect(regionPath("441900")).toEqual(["440000", "441900", "441900"]);
    expect(regionPath("999999")).toEqual([]);
  });

  it("an individual's card carries the person's ID; long-term ends 29991231", () => {
    const r = toIndvRequest(
      {
        regName: "张三", mcc: "5411", sceneType: "ONLINE", districtId: "110101", legalCertNo: "11010519491231002x",
        legalCertBeginDate: "20200101", legalCertValidityType: "1", legalAddr: "a", contactMobileNo: "13812345678",
        contactEmail: "a@b.cn", card: { cardNo: "4111111111111111", areaId: "110100" },
        legalCertFrontPic: { field: "legal_cert_front_pic", path: "/p/front.jpg", bytes: 1, originalBytes: 1, fitted: false },
      },
      "id1",
    );
    expect(r.reqSeqId).toBe("id1");
    expect(r.provId).toBe("110000");
    expect(r.legalCertEndDate).toBe("29991231");
    expect(r.card.certNo).toBe("11010519491231002X");
    expect(r.card.cardName).toBe("张三");
    expect(r.card.provId).toBe("110000");
    expect(r.pictures).toEqual([{ field: "legal_cert_front_pic", path: "/p/front.jpg" }]);
  });

  it("an enterprise's corporate card sends no holder ID", () => {
    const r = toEntRequest({ card: { cardType: "0", cardName: "X", cardNo: "123", certNo: "11010519491231002X", branchCode: "102100099996" }, regDistrictId: "110101" }, "id2");
    expect(r.card.certNo).toBeUndefined();
    expect(r.card.branchCode).toBe("102100099996");
    expect(r.regProvId).toBe("110000");
    expect(r.regAreaId).toBe("110100");
  });
});
