// Enterprise onboarding (§7.2), sections as the spec groups them.
import { Alert, Button, Card, Col, Form, Input, Progress, Radio, Row, Select, Space, Typography } from "antd";
import type { EntOnboardingForm } from "../../bindings/EntOnboardingForm";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import { callWithProgress } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { useDraft } from "../../hooks/useDraft";
import { all, bankCard, branchCode, date8, email, idCard, maxLen, mcc, minLen, mobile, required, rule, uscc } from "../../forms/checks";
import { BankPicker } from "../../components/BankPicker";
import { PhotosCard, SettleCycleItem } from "./parts";
import { RegionPicker, regionPath } from "../../components/RegionPicker";
import { picturesOf, useOnboardingSubmit, type OnboardingValues } from "./useSubmit";
import { OnboardingDone } from "./OnboardingDone";
import { DateField } from "../../components/DateField";
import { MccField } from "../../components/MccField";
import { useRef } from "react";

const ENT_PICS = [
  "license_pic", "legal_cert_front_pic", "legal_cert_back_pic", "reg_acct_pic", "settle_card_front_pic",
  "settle_cert_front_pic", "settle_cert_back_pic", "auth_entrust_pic", "store_header_pic", "store_indoor_pic", "store_cashier_desk_pic",
] as const;

type Values = OnboardingValues<EntOnboardingForm, (typeof ENT_PICS)[number]>;

const INITIAL: Values = {
  entType: "3", sceneType: "OFFLINE", licenseValidityType: "1", legalCertType: "00", legalCertValidityType: "0",
  card: { cardType: "0", certType: "00" }, settleCycle: "T1",
};

export function toEntRequest(v: Values, reqSeqId: string): EntOnboardingForm {
  const [regProvId, regAreaId] = regionPath(v.regDistrictId);
  const [provId, areaId] = regionPath(v.districtId);
  const [cardProv] = regionPath(v.card?.areaId, 2);
  const privateCard = v.card?.cardType !== "0";
  return {
    reqSeqId,
    regName: v.regName ?? "", shortName: v.shortName ?? "", receiptName: v.receiptName ?? "", entType: v.entType ?? "",
    mcc: v.mcc ?? "", sceneType: v.sceneType ?? "", licenseCode: (v.licenseCode ?? "").toUpperCase(),
    licenseValidityType: v.licenseValidityType ?? "", licenseBeginDate: v.licenseBeginDate ?? "", licenseEndDate: v.licenseEndDate || undefined,
    foundDate: v.foundDate ?? "", regCapital: v.regCapital || undefined, regProvId, regAreaId, regDistrictId: v.regDistrictId ?? "",
    regDetail: v.regDetail ?? "", provId, areaId, districtId: v.districtId ?? "", detailAddr: v.detailAddr || undefined,
    legalName: v.legalName ?? "", legalCertType: v.legalCertType ?? "", legalCertNo: v.legalCertNo ?? "",
    legalCertValidityType: v.legalCertValidityType ?? "", legalCertBeginDate: v.legalCertBeginDate ?? "", legalCertEndDate: v.legalCertEndDate || undefined,
    legalMobileNo: v.legalMobileNo || undefined, legalAddr: v.legalAddr ?? "", contactName: v.contactName || undefined,
    contactMobileNo: v.contactMobileNo ?? "", contactEmail: v.contactEmail ?? "", loginName: v.loginName ?? "", servicePhone: v.servicePhone || undefined,
    card: {
      cardType: v.card?.cardType, cardName: v.card?.cardName ?? "", cardNo: v.card?.cardNo ?? "", provId: cardProv, areaId: v.card?.areaId ?? "",
      branchCode: v.card?.branchCode || undefined, bankCode: v.card?.bankCode || undefined,
      certType: privateCard ? v.card?.certType : undefined, certNo: privateCard ? v.card?.certNo : undefined,
      certValidityType: privateCard ? v.card?.certValidityType : undefined, certBeginDate: privateCard ? v.card?.certBeginDate : undefined,
      certEndDate: privateCard ? v.card?.certEndDate || undefined : undefined, mp: v.card?.mp || undefined,
    },
    settleCycle: v.settleCycle || undefined, extMerId: v.extMerId || undefined, remarks: v.remarks || undefined,
    pictures: picturesOf(v, ENT_PICS),
  };
}

/** The CNAPS bank family (first 3 digits of a 联行号) of a Huifu bank_code, for the big banks whose mapping
 * is certain; null when unknown (city and rural banks: no warning rather than a wrong one). */
export function branchFamily(bankCode: string | undefined): string | null {
  const m: Record<string, string> = {
    "01020000": "102", "01030000": "103", "01040000": "104", "01050000": "105", "03010000": "301", "03020000": "302",
    "03030000": "303", "03040000": "304", "03050000": "305", "03060000": "306", "03134402": "307", "03080000": "308",
    "03090000": "309", "03100000": "310", "04030000": "403",
  };
  return bankCode ? m[bankCode] ?? null : null;
}

export function EntForm() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const lastRegName = useRef("");
  const draft = useDraft<Values>("onboarding.ent", form, INITIAL);
  const { submit, busy, progress, result } = useOnboardingSubmit(form, draft, t("onboarding.submitEnt"), (v, onProgress) =>
    callWithProgress("onboarding_enterprise", toEntRequest(v, draft.reqSeqId), onProgress),
  );
  const scene = Form.useWatch("sceneType", form);
  const cardType = Form.useWatch(["card", "cardType"], form);
  const licValidity = Form.useWatch("licenseValidityType", form);
  const legalValidity = Form.useWatch("legalCertValidityType", form);
  // Huifu wants the registered capital of every enterprise except government bodies (1) and 个体工商户 (5).
  const needsCapital = !["1", "5"].includes(Form.useWatch("entType", form) ?? "");
  const offline = scene !== "ONLINE";
  const pub = cardType === "0";
  // A corporate (对公) account is held in the company's registered name: follow it until someone types
  // another name there.
  const onValues = (changed: Values, all: Values) => {
    const card = all.card ?? {};
    const followsName = !card.cardName || card.cardName === lastRegName.current;
    if ((changed.regName !== undefined || changed.card?.cardType !== undefined) && card.cardType === "0" && followsName && all.regName)
      form.setFieldsValue({ card: { ...card, cardName: all.regName } });
    lastRegName.current = all.regName ?? "";
    draft.save();
  };
  const bankCode = Form.useWatch((v: Values) => v.card?.bankCode as string | undefined, form);
  const branch = Form.useWatch((v: Values) => v.card?.branchCode as string | undefined, form);
  const family = branchFamily(bankCode);
  const familyWarning = pub && family && branch && /^\d{12}$/.test(branch) && !branch.startsWith(family) ? t("branch.familyMismatch", { got: branch.slice(0, 3), want: family }) : undefined;
  const req = (max: number) => [{ required: true, message: t("common.required") }, rule(required(max))];
  const pics: [string, boolean][] = [
    ["license_pic", true], ["legal_cert_front_pic", true], ["legal_cert_back_pic", true],
    pub ? ["reg_acct_pic", true] : ["settle_card_front_pic", true],
    ...(pub ? [] : ([["settle_cert_front_pic", false], ["settle_cert_back_pic", false]] as [string, boolean][])),
    ["auth_entrust_pic", false],
    ...(offline ? ([["store_header_pic", true], ["store_indoor_pic", true], ["store_cashier_desk_pic", true]] as [string, boolean][]) : []),
  ];
  return (
    <Form form={form} layout="vertical" id="ent-form" onValuesChange={onValues} disabled={busy}>
      {result && <OnboardingDone result={result} />}
      <Card size="small" title={t("onboarding.sec.basic")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="regName" label={t("onboarding.regName")} rules={req(64)}><Input id="ent-reg-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="shortName" label={t("onboarding.shortName")} rules={[...req(64), rule(minLen(4))]}><Input id="ent-short-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="receiptName" label={t("onboarding.receiptName")} rules={req(50)}><Input id="ent-receipt-name" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="entType" label={t("onboarding.entType")} rules={[{ required: true }]}>
              <Select id="ent-ent-type" options={["1", "2", "3", "4", "5", "6", "7", "9"].map((v) => ({ value: v, label: `${v} ${t(`onboarding.entType.${v}` as never)}` }))} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="mcc" label={t("onboarding.mcc")} extra={t("onboarding.mccHelp")} rules={[{ required: true, message: t("common.required") }, rule(mcc)]}><MccField id="ent-mcc" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="sceneType" label={t("onboarding.sceneType")} rules={[{ required: true }]}>
              <Radio.Group id="ent-scene" options={["OFFLINE", "ONLINE", "ALL"].map((v) => ({ value: v, label: t(`onboarding.scene.${v}` as never) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.licence")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="licenseCode" label={t("onboarding.licenseCode")} rules={[{ required: true, message: t("common.required") }, rule(uscc)]}><Input id="ent-license-code" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="licenseValidityType" label={t("onboarding.validityType")}>
              <Radio.Group options={[{ value: "1", label: t("onboarding.longTerm") }, { value: "0", label: t("onboarding.fixedTerm") }]} />
            </Form.Item>
          </Col>
          <Col span={4}><Form.Item name="licenseBeginDate" label={t("onboarding.beginDate")} rules={[{ required: true, message: t("common.required") }, rule(date8)]}><DateField id="ent-license-begin" /></Form.Item></Col>
          <Col span={4}>
            <Form.Item name="licenseEndDate" label={t("onboarding.endDate")} rules={[{ required: licValidity === "0", message: t("common.required") }, rule(date8)]}>
              <DateField disabled={licValidity !== "0"} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="foundDate" label={t("onboarding.foundDate")} rules={[{ required: true, message: t("common.required") }, rule(date8)]}><DateField id="ent-found-date" /></Form.Item></Col>
          <Col span={8}><Form.Item name="regCapital" label={t("onboarding.regCapital")} rules={[{ required: needsCapital, message: t("common.required") }, { pattern: /^\d+(\.\d{1,2})?$/, message: t("onboarding.amountBad") }]}><Input id="ent-reg-capital" placeholder="100000.00" /></Form.Item></Col>
          <Col span={8}><Form.Item name="regDistrictId" label={t("onboarding.regRegion")} rules={[{ required: true, message: t("common.required") }]}><RegionPicker id="ent-reg-region" /></Form.Item></Col>
          <Col span={24}><Form.Item name="regDetail" label={t("onboarding.regDetail")} rules={req(255)}><Input id="ent-reg-detail" /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.address")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="districtId" label={t("onboarding.region")} rules={[{ required: true, message: t("common.required") }]}><RegionPicker id="ent-region" /></Form.Item></Col>
          <Col span={10}><Form.Item name="detailAddr" label={t("onboarding.detailAddr")} rules={offline ? req(256) : [rule(maxLen(256))]}><Input id="ent-detail-addr" /></Form.Item></Col>
          <Col span={6}><Form.Item name="servicePhone" label={t("onboarding.servicePhone")} rules={[rule(maxLen(32))]}><Input /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.legal")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={6}><Form.Item name="legalName" label={t("onboarding.legalName")} rules={req(32)}><Input id="ent-legal-name" /></Form.Item></Col>
          <Col span={6}>
            <Form.Item name="legalCertType" label={t("onboarding.certType")}>
              <Select options={[{ value: "00", label: t("onboarding.idCard") }]} />
            </Form.Item>
          </Col>
          <Col span={12}><Form.Item name="legalCertNo" label={t("onboarding.certNo")} rules={[{ required: true, message: t("common.required") }, rule(idCard)]}><Input id="ent-legal-cert-no" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="legalCertValidityType" label={t("onboarding.validityType")}>
              <Radio.Group options={[{ value: "0", label: t("onboarding.fixedTerm") }, { value: "1", label: t("onboarding.longTerm") }]} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="legalCertBeginDate" label={t("onboarding.beginDate")} rules={[{ required: true, message: t("common.required") }, rule(date8)]}><DateField id="ent-legal-begin" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="legalCertEndDate" label={t("onboarding.endDate")} rules={[{ required: legalValidity === "0", message: t("common.required") }, rule(date8)]}>
              <DateField id="ent-legal-end" disabled={legalValidity !== "0"} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="legalMobileNo" label={t("onboarding.legalMobile")} rules={[rule(mobile)]}><Input /></Form.Item></Col>
          <Col span={16}><Form.Item name="legalAddr" label={t("onboarding.legalAddr")} rules={req(256)}><Input id="ent-legal-addr" /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.contact")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={6}><Form.Item name="contactName" label={t("onboarding.contactName")} rules={[rule(maxLen(128))]}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="contactMobileNo" label={t("onboarding.contactMobile")} rules={[{ required: true, message: t("common.required") }, rule(mobile)]}><Input id="ent-contact-mobile" /></Form.Item></Col>
          <Col span={6}><Form.Item name="contactEmail" label={t("onboarding.contactEmail")} rules={[{ required: true, message: t("common.required") }, rule(email(32))]}><Input id="ent-contact-email" /></Form.Item></Col>
          <Col span={6}><Form.Item name="loginName" label={t("onboarding.loginName")} rules={[...req(32), { pattern: /^\w+$/, message: t("onboarding.loginNameBad") }]}><Input id="ent-login-name" /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.card")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name={["card", "cardType"]} label={t("onboarding.cardType")}>
              <Radio.Group id="ent-card-type" options={["0", "1", "2"].map((v) => ({ value: v, label: t(`onboarding.cardType.${v}` as never) }))} />
            </Form.Item>
          </Col>
          <Col span={7}><Form.Item name={["card", "cardName"]} label={t("onboarding.cardName")} rules={req(128)}><Input id="ent-card-name" /></Form.Item></Col>
          <Col span={7}>
            <Form.Item name={["card", "cardNo"]} label={t("onboarding.cardNo")} rules={[{ required: true, message: t("common.required") }, rule(pub ? all(required(32)) : bankCard)]}>
              <Input id="ent-card-no" />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name={["card", "bankCode"]} label={t("onboarding.bank")}><BankPicker id="ent-bank" /></Form.Item></Col>
          <Col span={8}><Form.Item name={["card", "areaId"]} label={t("onboarding.cardRegion")} rules={[{ required: true, message: t("common.required") }]}><RegionPicker depth={2} id="ent-card-region" /></Form.Item></Col>
          {pub ? (
            <Col span={8}><Form.Item name={["card", "branchCode"]} label={t("onboarding.branchCode")} rules={[{ required: true, message: t("common.required") }, rule(branchCode)]} extra={familyWarning && <span id="ent-branch-family" style={{ color: "#d46b08" }}>{familyWarning}</span>}><Input id="ent-branch-code" /></Form.Item></Col>
          ) : (
            <>
              <Col span={8}><Form.Item name={["card", "certNo"]} label={t("onboarding.holderCertNo")} rules={[{ required: true, message: t("common.required") }, rule(idCard)]}><Input id="ent-card-cert-no" /></Form.Item></Col>
              <Col span={8}><Form.Item name={["card", "certBeginDate"]} label={t("onboarding.beginDate")} rules={[rule(date8)]}><DateField /></Form.Item></Col>
              <Col span={8}><Form.Item name={["card", "certEndDate"]} label={t("onboarding.endDate")} rules={[rule(date8)]}><DateField /></Form.Item></Col>
            </>
          )}
          <Col span={8}><Form.Item name={["card", "mp"]} label={t("onboarding.cardMobile")} rules={[rule(mobile)]}><Input /></Form.Item></Col>
          <Col span={8}><SettleCycleItem /></Col>
        </Row>
      </Card>
      <PhotosCard pics={pics} />
      <Card size="small" title={t("onboarding.sec.other")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="extMerId" label={t("onboarding.extMerId")} rules={[rule(maxLen(64))]}><Input /></Form.Item></Col>
          <Col span={16}><Form.Item name="remarks" label={t("onboarding.remarks")} rules={[rule(maxLen(300))]}><Input /></Form.Item></Col>
        </Row>
      </Card>
      <SubmitBar reqSeqId={draft.reqSeqId} busy={busy} progress={progress} onSubmit={submit} onClear={() => void draft.clear()} id="ent-submit" />
    </Form>
  );
}

/** desk's progress step in words: `upload.<field>` names the photo, `submit` the application. */
function progressWords(t: ReturnType<typeof useI18n>["t"], p: ProgressEvent): string {
  if (p.step.startsWith("upload.") && p.step !== "upload.done") return t("onboarding.uploading", { pic: t(`onboarding.pic.${p.step.slice(7)}` as never) });
  return t(p.step === "submit" ? "onboarding.submitting" : "onboarding.uploaded");
}

export function SubmitBar({ reqSeqId, busy, progress, onSubmit, onClear, id }: {
  reqSeqId: string; busy: boolean; progress: ProgressEvent | null;
  onSubmit: () => void; onClear: () => void; id: string;
}) {
  const { t } = useI18n();
  const pct = progress?.total ? Math.round((progress.done / progress.total) * 100) : undefined;
  return (
    <Card size="small" style={{ position: "sticky", bottom: 0, zIndex: 2 }}>
      <Space wrap>
        <Button type="primary" id={id} loading={busy} disabled={!reqSeqId} onClick={onSubmit}>
          {t("common.submit")}
        </Button>
        <Button id={`${id}-clear`} onClick={onClear} disabled={busy}>
          {t("merchants.clearDraft")}
        </Button>
        <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>
          req_seq_id: <code id={`${id}-req-seq-id`}>{reqSeqId}</code>
        </Typography.Text>
        {progress && (
          <span style={{ width: 260, display: "inline-block" }}>
            <Progress percent={pct} size="small" status="active" format={() => progressWords(t, progress)} />
          </span>
        )}
      </Space>
      {busy && !progress && <Alert type="info" showIcon message={t("onboarding.sending")} style={{ marginTop: 8 }} />}
    </Card>
  );
}
