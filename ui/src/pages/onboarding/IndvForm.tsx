// Individual (小微) onboarding (§7.3): the person, the business address, the settlement card, the photos.
import { Card, Col, Form, Input, Radio, Row } from "antd";
import type { IndvOnboardingForm } from "../../bindings/IndvOnboardingForm";
import { callWithProgress } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { useDraft } from "../../hooks/useDraft";
import { bankCard, date8, email, idCard, maxLen, mcc, minLen, mobile, required, rule } from "../../forms/checks";
import { BankPicker } from "../../components/BankPicker";
import { PhotosCard, SettleCycleItem } from "./parts";
import { RegionPicker, regionPath } from "../../components/RegionPicker";
import { picturesOf, useOnboardingSubmit, type OnboardingValues } from "./useSubmit";
import { SubmitBar } from "./EntForm";
import { OnboardingDone } from "./OnboardingDone";
import { DateField } from "../../components/DateField";
import { MccField } from "../../components/MccField";

const INDV_PICS = ["legal_cert_front_pic", "legal_cert_back_pic", "settle_card_front_pic", "store_header_pic", "store_indoor_pic", "store_cashier_desk_pic"] as const;

type Values = OnboardingValues<IndvOnboardingForm, (typeof INDV_PICS)[number]>;

const INITIAL: Values = { sceneType: "OFFLINE", legalCertValidityType: "0", card: { certType: "00" }, settleCycle: "T1" };

export function toIndvRequest(v: Values, reqSeqId: string): IndvOnboardingForm {
  const [provId, areaId] = regionPath(v.districtId);
  const [cardProv] = regionPath(v.card?.areaId, 2);
  const longTerm = v.legalCertValidityType === "1";
  return {
    reqSeqId,
    regName: v.regName ?? "", shortName: v.shortName || undefined, mcc: v.mcc ?? "", sceneType: v.sceneType ?? "",
    provId, areaId, districtId: v.districtId ?? "", detailAddr: v.detailAddr || undefined,
    legalCertNo: (v.legalCertNo ?? "").toUpperCase(), legalCertBeginDate: v.legalCertBeginDate ?? "",
    legalCertValidityType: v.legalCertValidityType, legalCertEndDate: longTerm ? "29991231" : v.legalCertEndDate ?? "",
    legalAddr: v.legalAddr ?? "", contactMobileNo: v.contactMobileNo ?? "", contactEmail: v.contactEmail ?? "",
    card: {
      cardName: v.regName ?? "", cardNo: v.card?.cardNo ?? "", provId: cardProv, areaId: v.card?.areaId ?? "",
      bankCode: v.card?.bankCode || undefined, certType: "00", certNo: (v.legalCertNo ?? "").toUpperCase(),
      certValidityType: v.legalCertValidityType, certBeginDate: v.legalCertBeginDate, certEndDate: longTerm ? "29991231" : v.legalCertEndDate,
      mp: v.card?.mp || undefined,
    },
    settleCycle: v.settleCycle || undefined, loginName: v.loginName || undefined, extMerId: v.extMerId || undefined,
    pictures: picturesOf(v, INDV_PICS),
  };
}

export function IndvForm() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const draft = useDraft<Values>("onboarding.indv", form, INITIAL);
  const { submit, busy, progress, result } = useOnboardingSubmit(form, draft, t("onboarding.submitIndv"), (v, onProgress) =>
    callWithProgress("onboarding_individual", toIndvRequest(v, draft.reqSeqId), onProgress),
  );
  const scene = Form.useWatch("sceneType", form);
  const validity = Form.useWatch("legalCertValidityType", form);
  const offline = scene !== "ONLINE";
  const must = { required: true, message: t("common.required") };
  const pics: [string, boolean][] = [
    ["legal_cert_front_pic", true], ["legal_cert_back_pic", true], ["settle_card_front_pic", true],
    ...(offline ? ([["store_header_pic", true], ["store_indoor_pic", true], ["store_cashier_desk_pic", true]] as [string, boolean][]) : []),
  ];
  return (
    <Form form={form} layout="vertical" id="indv-form" onValuesChange={draft.save} disabled={busy}>
      {result && <OnboardingDone result={result} />}
      <Card size="small" title={t("onboarding.sec.basic")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="regName" label={t("onboarding.personName")} rules={[must, rule(required(32))]}><Input id="indv-reg-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="shortName" label={t("onboarding.shortName")} rules={[rule(minLen(4)), rule(maxLen(32))]}><Input id="indv-short-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="mcc" label={t("onboarding.mcc")} extra={t("onboarding.mccHelp")} rules={[must, rule(mcc)]}><MccField id="indv-mcc" /></Form.Item></Col>
          <Col span={12}>
            <Form.Item name="sceneType" label={t("onboarding.sceneType")}>
              <Radio.Group id="indv-scene" options={["OFFLINE", "ONLINE", "ALL"].map((v) => ({ value: v, label: t(`onboarding.scene.${v}` as never) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.address")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="districtId" label={t("onboarding.region")} rules={[must]}><RegionPicker id="indv-region" /></Form.Item></Col>
          <Col span={16}><Form.Item name="detailAddr" label={t("onboarding.detailAddr")} rules={offline ? [must, rule(maxLen(256))] : [rule(maxLen(256))]}><Input id="indv-detail-addr" /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.person")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="legalCertNo" label={t("onboarding.certNo")} rules={[must, rule(idCard)]}><Input id="indv-legal-cert-no" /></Form.Item></Col>
          <Col span={12}>
            <Form.Item name="legalCertValidityType" label={t("onboarding.validityType")}>
              <Radio.Group options={[{ value: "0", label: t("onboarding.fixedTerm") }, { value: "1", label: t("onboarding.longTerm") }]} />
            </Form.Item>
          </Col>
          <Col span={6}><Form.Item name="legalCertBeginDate" label={t("onboarding.beginDate")} rules={[must, rule(date8)]}><DateField id="indv-legal-begin" /></Form.Item></Col>
          <Col span={6}>
            <Form.Item name="legalCertEndDate" label={t("onboarding.endDate")} rules={validity === "1" ? [] : [must, rule(date8)]}>
              <DateField id="indv-legal-end" placeholder={validity === "1" ? "29991231" : undefined} disabled={validity === "1"} />
            </Form.Item>
          </Col>
          <Col span={12}><Form.Item name="legalAddr" label={t("onboarding.legalAddr")} rules={[must, rule(maxLen(256))]}><Input id="indv-legal-addr" /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.contact")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="contactMobileNo" label={t("onboarding.contactMobile")} rules={[must, rule(mobile)]}><Input id="indv-contact-mobile" /></Form.Item></Col>
          <Col span={8}><Form.Item name="contactEmail" label={t("onboarding.contactEmail")} rules={[must, rule(email(32))]}><Input id="indv-contact-email" /></Form.Item></Col>
          <Col span={8}><Form.Item name="loginName" label={t("onboarding.loginName")} rules={[rule(maxLen(32)), { pattern: /^\w*$/, message: t("onboarding.loginNameBad") }]}><Input id="indv-login-name" /></Form.Item></Col>
        </Row>
      </Card>
      <Card size="small" title={t("onboarding.sec.card")} extra={t("onboarding.indvCardNote")} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={8}><Form.Item name={["card", "cardNo"]} label={t("onboarding.cardNo")} rules={[must, rule(bankCard)]}><Input id="indv-card-no" /></Form.Item></Col>
          <Col span={8}><Form.Item name={["card", "bankCode"]} label={t("onboarding.bank")}><BankPicker id="indv-bank" /></Form.Item></Col>
          <Col span={8}><Form.Item name={["card", "areaId"]} label={t("onboarding.cardRegion")} rules={[must]}><RegionPicker depth={2} id="indv-card-region" /></Form.Item></Col>
          <Col span={8}><Form.Item name={["card", "mp"]} label={t("onboarding.cardMobile")} rules={[rule(mobile)]}><Input /></Form.Item></Col>
          <Col span={8}><SettleCycleItem /></Col>
        </Row>
      </Card>
      <PhotosCard pics={pics} />
      <SubmitBar reqSeqId={draft.reqSeqId} busy={busy} progress={progress} onSubmit={submit} onClear={() => void draft.clear()} id="indv-submit" />
    </Form>
  );
}
