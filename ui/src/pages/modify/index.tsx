// /merchant-change: what Huifu has for a merchant now (settlement cards, contact; masked), and the changes
// an operator makes all the time: a new settlement card with its photo, the contact, business details —
// each one write (§7.4 modify) with its fixed req_seq_id, guarded on production.
import { useCallback, useEffect, useState } from "react";
import { App, Col, Descriptions, Empty, Form, Input, Radio, Row, Space, Tag, Typography } from "antd";
import type { MerchantProfileView } from "../../bindings/MerchantProfileView";
import type { Merchant } from "../../bindings/Merchant";
import type { CardForm } from "../../bindings/CardForm";
import type { MerchantChangeForm } from "../../bindings/MerchantChangeForm";
import { call, callWithProgress } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { Word } from "../../components/Word";
import { MccField } from "../../components/MccField";
import { MerchantPage, FormCard, StateCard } from "../../components/MerchantPage";
import { useMerchantForm } from "../../hooks/useMerchantForm";
import { useFormError } from "../../hooks/useFormError";
import { BankPicker } from "../../components/BankPicker";
import { PhotoSlot, type ChosenPicture } from "../../components/PhotoSlot";
import { RegionPicker, regionPath } from "../../components/RegionPicker";
import { bankCard, branchCode, email, idCard, maxLen, minLen, mobile, required, rule } from "../../forms/checks";

/** The new card form: the card's own fields (its province follows from the area) and its picture. */
type CardValues = Partial<Pick<CardForm, "cardType" | "cardName" | "cardNo" | "areaId" | "branchCode" | "bankCode" | "certNo">> & { cardPic?: ChosenPicture };
/** The contact form: the parts of the change that are plain text. */
type ContactValues = Pick<MerchantChangeForm, "contactName" | "contactMobileNo" | "contactEmail" | "shortName" | "mcc" | "servicePhone">;

function Change({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useFormError();
  const [view, setView] = useState<MerchantProfileView | null>(null);
  const [m, setM] = useState<Merchant | null>(null);
  const load = useCallback(async () => {
    try {
      setView(await call("modify_current", { huifuId }));
    } catch (e) {
      setView(null);
      onError(e);
    }
  }, [huifuId, onError]);
  useEffect(() => {
    void load();
    call("merchant_get", { huifuId }).then(setM, () => setM(null));
  }, [load, huifuId]);
  const enterprise = m?.kind !== "indv";
  const done = async (r: { applied: boolean; applyNo?: string }) => {
    if (r.applied) message.success(t("change.done"));
    else message.info(t("change.audit", { applyNo: r.applyNo ?? "—" }));
    await load();
  };

  const card = useMerchantForm<CardValues>(`change.card.${huifuId}`, "change.submitCard", async (v, reqSeqId) => {
    const pub = enterprise && v.cardType === "0";
    const field = pub ? "reg_acct_pic" : "settle_card_front_pic";
    const pic = v.cardPic;
    const areaId = v.areaId;
    const r = await callWithProgress("modify_submit", {
      reqSeqId, huifuId,
      card: {
        cardType: enterprise ? v.cardType : undefined, cardName: v.cardName ?? "", cardNo: (v.cardNo ?? "").trim(),
        provId: regionPath(areaId, 2)[0], areaId: areaId ?? "", branchCode: pub ? v.branchCode : undefined,
        bankCode: v.bankCode || undefined, certType: pub ? undefined : "00", certNo: pub ? undefined : (v.certNo ?? "").toUpperCase(),
      },
      pictures: pic?.path ? [{ field, path: pic.path }] : [],
    }, () => undefined);
    await done(r);
  }, { cardType: "1" });
  const cardType = Form.useWatch("cardType", card.form);
  const pub = enterprise && cardType === "0";

  const contact = useMerchantForm<ContactValues>(`change.contact.${huifuId}`, "change.submitContact", async (v, reqSeqId) => {
    const s = (x: string | undefined) => x?.trim() || undefined;
    const req = { reqSeqId, huifuId, contactName: s(v.contactName), contactMobileNo: s(v.contactMobileNo), contactEmail: s(v.contactEmail), shortName: s(v.shortName), mcc: s(v.mcc), servicePhone: s(v.servicePhone), pictures: [] };
    if (!req.contactName && !req.contactMobileNo && !req.contactEmail && !req.shortName && !req.mcc && !req.servicePhone) {
      message.warning(t("change.nothing"));
      return;
    }
    await done(await callWithProgress("modify_submit", req, () => undefined));
  });
  const must = { required: true, message: t("common.required") };

  return (
    <>
      <StateCard id="change-current" title={t("change.current")} onRefresh={() => void load()} style={{ marginBottom: 12 }}>
        {view ? (
          <Descriptions size="small" column={1} id="change-view">
            <Descriptions.Item label={t("change.cards")}>
              <Space direction="vertical" size={2} id="change-cards">
                {view.cards.map((c) => (
                  <span key={c.tokenNo || c.cardNo} className="settle-card" data-card-no={c.cardNo}>
                    <Word v="cardType" code={c.cardType} /> <code>{c.cardNo}</code> {c.cardName} {c.bankName} {c.default && <Tag color="blue">{t("change.default")}</Tag>}
                  </span>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t("change.contact")}><span id="change-contact-mobile">{view.contactMobileNo || "—"}</span></Descriptions.Item>
            <Descriptions.Item label={t("onboarding.shortName")}>{view.shortName || "—"}</Descriptions.Item>
            <Descriptions.Item label={t("onboarding.mcc")}>{view.mcc || "—"}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty />
        )}
      </StateCard>
      <FormCard id="change-card" title={t("change.card")} f={card}>
        <Typography.Paragraph type="secondary">{t("change.cardHint")}</Typography.Paragraph>
        <Row gutter={16}>
          {enterprise && (
            <Col span={24}>
              <Form.Item name="cardType" label={t("onboarding.cardType")}>
                <Radio.Group id="change-card-type" options={["0", "1", "2"].map((v) => ({ value: v, label: t(`onboarding.cardType.${v}` as never) }))} />
              </Form.Item>
            </Col>
          )}
          <Col span={8}><Form.Item name="cardName" label={t("onboarding.cardName")} rules={[must, rule(required(128))]}><Input id="change-card-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="cardNo" label={t("onboarding.cardNo")} rules={[must, rule(pub ? required(32) : bankCard)]}><Input id="change-card-no" /></Form.Item></Col>
          <Col span={8}><Form.Item name="bankCode" label={t("onboarding.bank")}><BankPicker id="change-bank" /></Form.Item></Col>
          <Col span={8}><Form.Item name="areaId" label={t("onboarding.cardRegion")} rules={[must]}><RegionPicker depth={2} id="change-card-region" /></Form.Item></Col>
          {pub ? (
            <Col span={8}><Form.Item name="branchCode" label={t("onboarding.branchCode")} rules={[must, rule(branchCode)]}><Input id="change-branch-code" /></Form.Item></Col>
          ) : (
            <Col span={8}><Form.Item name="certNo" label={t("onboarding.holderCertNo")} rules={[must, rule(idCard)]}><Input id="change-cert-no" /></Form.Item></Col>
          )}
          <Col span={24}>
            <Form.Item name="cardPic" label={t(pub ? "onboarding.pic.reg_acct_pic" : "onboarding.pic.settle_card_front_pic" as never)} rules={[{ required: true, message: t("onboarding.picRequired") }]}>
              <PhotoSlot field={pub ? "reg_acct_pic" : "settle_card_front_pic"} />
            </Form.Item>
          </Col>
        </Row>
      </FormCard>
      <FormCard id="change-contact" title={t("change.contactTitle")} f={contact}>
        <Typography.Paragraph type="secondary">{t("change.contactHint")}</Typography.Paragraph>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="contactName" label={t("onboarding.contactName")} rules={[rule(maxLen(32))]}><Input id="change-contact-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="contactMobileNo" label={t("onboarding.contactMobile")} rules={[rule(mobile)]}><Input id="change-contact-mobile-input" /></Form.Item></Col>
          <Col span={8}><Form.Item name="contactEmail" label={t("onboarding.contactEmail")} rules={[rule(email(32))]}><Input id="change-contact-email" /></Form.Item></Col>
          <Col span={8}><Form.Item name="shortName" label={t("onboarding.shortName")} rules={[rule(minLen(4)), rule(maxLen(64))]}><Input id="change-short-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="mcc" label={t("onboarding.mcc")}><MccField id="change-mcc" /></Form.Item></Col>
          <Col span={8}><Form.Item name="servicePhone" label={t("onboarding.servicePhone")} rules={[rule(maxLen(20))]}><Input id="change-service-phone" /></Form.Item></Col>
        </Row>
      </FormCard>
    </>
  );
}

export function ModifyPage() {
  return <MerchantPage area="change">{(huifuId) => <Change huifuId={huifuId} />}</MerchantPage>;
}
