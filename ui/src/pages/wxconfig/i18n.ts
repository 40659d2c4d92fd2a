export const zh = {
  "wechat.submit": "提交微信配置",
  "wechat.bind": "绑定 AppID 与支付目录",
  "wechat.feeType": "微信渠道号类型",
  "wechat.feeTypeHelp": "须与业务开通的微信子商户一致",
  "wechat.woaAppId": "公众号 AppID",
  "wechat.woaPath": "JSAPI 支付授权目录",
  "wechat.appletAppId": "小程序 AppID",
  "wechat.current": "当前配置",
  "wechat.none": "尚未绑定任何配置",
  "wechat.type": "类型",
  "wechat.value": "值",
  "wechat.status": "状态",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "wechat.submit": "Submit the WeChat config",
  "wechat.bind": "Bind appids and the payment path",
  "wechat.feeType": "WeChat channel type",
  "wechat.feeTypeHelp": "Must match the WeChat sub-merchant that business open created",
  "wechat.woaAppId": "Official account appid",
  "wechat.woaPath": "JSAPI payment path",
  "wechat.appletAppId": "Mini program appid",
  "wechat.current": "Current config",
  "wechat.none": "Nothing bound yet",
  "wechat.type": "Type",
  "wechat.value": "Value",
  "wechat.status": "Status",
};
