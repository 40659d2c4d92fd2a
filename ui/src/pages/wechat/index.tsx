// /wechat: bind the official-account and mini-program appids and the JSAPI path; list what Huifu has.
import { Col, Empty, Form, Input, Radio, Row, Table, Tag } from "antd";
import type { WxBinding } from "../../bindings/WxBinding";
import { call } from "../../ipc/call";
import { useI18n, type MessageKey } from "../../i18n";
import { FormCard, MerchantPage, StateCard, useMerchantForm, useMerchantList } from "../merchants/MerchantPage";

const APPID = { pattern: /^wx[0-9a-zA-Z]{16}$/, message: "wx + 16 letters or digits" };
const PATH = { pattern: /^https?:\/\/\S+\/$/, message: "http(s)://…/ (ends with /)" };

function WechatForm({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const f = useMerchantForm(`wechat.${huifuId}`, "wechat.submit", async (v, reqSeqId) => {
    setList(
      await call("wx_config_set", {
        reqSeqId, huifuId, feeType: v.feeType,
        wxWoaAppId: v.wxWoaAppId || undefined, wxWoaPath: v.wxWoaPath || undefined, wxAppletAppId: v.wxAppletAppId || undefined,
      }),
    );
  }, { feeType: "02" });
  const { onError } = f;
  const { list, setList, load } = useMerchantList(() => call("wx_config_list", { huifuId }), onError);
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
        {list && list.length ? (
          <Table<WxBinding>
            id="wechat-bindings"
            size="small"
            pagination={false}
            rowKey={(b) => `${b.configType}-${b.configValue}`}
            dataSource={list}
            columns={[
              { title: t("wechat.type"), dataIndex: "configType", render: (v: string) => t(`wechat.type.${v}` as MessageKey) ?? v },
              { title: t("wechat.value"), dataIndex: "configValue", render: (v: string) => <code>{v}</code> },
              { title: t("wechat.status"), dataIndex: "status", render: (v: string) => <Tag>{v}</Tag> },
            ]}
          />
        ) : (
          <Empty description={t("wechat.none")} />
        )}
      </StateCard>
    </>
  );
}

export function WechatPage() {
  return <MerchantPage area="wechat">{(huifuId) => <WechatForm huifuId={huifuId} />}</MerchantPage>;
}
