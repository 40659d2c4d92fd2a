// /wechat: bind the official-account and mini-program appids and the JSAPI path; list what Huifu has.
import { Col, Form, Input, Radio, Row } from "antd";
import type { WxBinding } from "../../bindings/WxBinding";
import type { WxConfigForm } from "../../bindings/WxConfigForm";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { Word } from "../../components/Word";
import { rule, wxAppid, wxPath } from "../../forms/checks";
import { colorOf, type Colors } from "../../vocab/codes";
import { FormCard, MerchantPage, StateCard, StateTable } from "../../components/MerchantPage";
import { useMerchantForm } from "../../hooks/useMerchantForm";
import { useMerchantList } from "../../hooks/useMerchantList";
import { useFormError } from "../../hooks/useFormError";

// Field checks say their problem in the window's language (desk's problem words), as desk checks them.
const APPID = rule(wxAppid);
const WX_COLORS: Colors<"wxConfigState"> = { S: "green", F: "red", B: "gold", unknown: "gold" };
const PATH = rule(wxPath);

/** The form holds the command's own fields; the merchant and the req_seq_id come from the page. */
type WxValues = Omit<WxConfigForm, "reqSeqId" | "huifuId">;

function WechatForm({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  // The list first (its load errors name no form field), so the write below can show the list it answers.
  const { list, setList, load } = useMerchantList(() => call("wxconfig_list", { huifuId }), useFormError());
  const f = useMerchantForm<WxValues>(`wechat.${huifuId}`, "wechat.submit", async (v, reqSeqId) => {
    setList(
      await call("wxconfig_set", {
        reqSeqId, huifuId, feeType: v.feeType,
        wxWoaAppId: v.wxWoaAppId || undefined, wxWoaPath: v.wxWoaPath || undefined, wxAppletAppId: v.wxAppletAppId || undefined,
      }),
    );
  }, { feeType: "02" });
  return (
    <>
      <FormCard id="wechat" title={t("wechat.bind")} f={f}>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="feeType" label={t("wechat.feeType")} extra={t("wechat.feeTypeHelp")}>
              <Radio.Group options={[{ value: "01", label: "01" }, { value: "02", label: "02" }]} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="wxWoaAppId" label={t("wechat.woaAppId")} rules={[APPID]}><Input id="wechat-woa-appid" placeholder="wx0123456789abcdef" /></Form.Item></Col>
          <Col span={8}><Form.Item name="wxWoaPath" label={t("wechat.woaPath")} rules={[PATH]}><Input id="wechat-woa-path" placeholder="https://shop.example.com/pay/" /></Form.Item></Col>
          <Col span={8}><Form.Item name="wxAppletAppId" label={t("wechat.appletAppId")} rules={[APPID]}><Input id="wechat-applet-appid" /></Form.Item></Col>
        </Row>
      </FormCard>
      <StateCard id="wechat" title={t("wechat.current")} onRefresh={load}>
        <StateTable<WxBinding> id="wechat-bindings" list={list} rowKey={(b) => `${b.configType}-${b.configValue}`} none={t("wechat.none")} columns={[
            { title: t("wechat.type"), dataIndex: "configType", render: (v: string) => <Word v="wxConfigType" code={v} /> },
            { title: t("wechat.value"), dataIndex: "configValue", render: (v: string) => <code>{v}</code> },
            { title: t("wechat.status"), dataIndex: "status", render: (v: string) => <Word v="wxConfigState" code={v} color={colorOf("wxConfigState", WX_COLORS, v)} /> },
          ]}
        />
      </StateCard>
    </>
  );
}

export function WxconfigPage() {
  return <MerchantPage area="wechat">{(huifuId) => <WechatForm huifuId={huifuId} />}</MerchantPage>;
}
