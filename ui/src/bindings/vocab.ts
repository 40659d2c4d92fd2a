// Generated from crates/desk/src/vocab (the bindings test in src-tauri rewrites it). Do not edit by hand.
// One table per vocabulary: code -> [zh-CN, English].

export const VOCAB = {
  /** desk: the steps of a merchant's journey (merchants::Step) */
  step: {
    "onboarded": ["进件", "Onboarding"],
    "busi_open": ["业务开通", "Business open"],
    "realname_wx": ["微信实名", "WeChat realname"],
    "realname_ali": ["支付宝实名", "Alipay realname"],
    "wx_config": ["微信配置", "WeChat config"],
    "terminals": ["终端报备", "Terminals"],
    "split": ["分账配置", "Split config"],
  },
  /** desk: where a journey step stands (merchants::StepState) */
  stepState: {
    "todo": ["待办", "To do"],
    "pending": ["处理中", "In progress"],
    "done": ["完成", "Done"],
    "failed": ["失败", "Failed"],
  },
  /** desk: the merchant index's kind */
  merchantKind: {
    "ent": ["企业", "Enterprise"],
    "indv": ["个人（小微）", "Individual"],
  },
  /** spec §7.6 apply_status of an application (onboarding, business open, split audit) */
  applyStatus: {
    "Y": ["已通过", "Approved"],
    "P": ["审核中", "Under audit"],
    "N": ["已驳回", "Rejected"],
    "F": ["失败", "Failed"],
  },
  /** spec §7.7 a channel registration's status in the business-open query */
  channelStatus: {
    "S": ["已开通", "Registered"],
    "P": ["开通中", "Registering"],
    "F": ["开通失败", "Failed"],
  },
  /** spec §7.7 pay_way / pay channel letters */
  payWay: {
    "W": ["微信", "WeChat"],
    "A": ["支付宝", "Alipay"],
    "U": ["银联", "UnionPay"],
    "T": ["微信", "WeChat"],
    "D": ["数字人民币", "Digital RMB"],
  },
  /** spec §7.9 real_name_applyment_stat (WeChat APPLYMENT_STATE_*, Alipay) — WAITTING is Huifu's spelling */
  realnameState: {
    "APPLYMENT_STATE_EDITTING": ["编辑中", "Being edited"],
    "APPLYMENT_STATE_WAITTING_FOR_AUDIT": ["微信审核中", "WeChat is auditing"],
    "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_CONTACT": ["待联系人扫码确认", "Waiting for the contact to scan and confirm"],
    "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON": ["待法人扫码确认", "Waiting for the legal person to scan and confirm"],
    "APPLYMENT_STATE_PASSED": ["实名已通过", "Realname passed"],
    "APPLYMENT_STATE_REJECTED": ["已驳回", "Rejected"],
    "APPLYMENT_STATE_FREEZED": ["已冻结", "Frozen"],
    "APPLYMENT_STATE_CANCELED": ["已撤销", "Cancelled"],
    "APPLYMENT_STATE_NOAPPLY": ["尚未申请", "Not applied yet"],
    "AUDITING": ["支付宝审核中", "Alipay is auditing"],
    "CONTACT_CONFIRM": ["待联系人扫码确认", "Waiting for the contact to scan and confirm"],
    "LEGAL_CONFIRM": ["待法人扫码确认", "Waiting for the legal person to scan and confirm"],
    "AUDIT_PASS": ["认证已通过", "Verification passed"],
    "AUDIT_REJECT": ["已驳回", "Rejected"],
    "AUDIT_FREEZE": ["已冻结", "Frozen"],
    "CANCELED": ["已撤销", "Cancelled"],
    "NOT_APPLY": ["尚未申请", "Not applied yet"],
  },
  /** spec §7.9 Alipay auth_identity_info.certificate_type */
  aliCertType: {
    "BUSINESS_CERT": ["营业执照", "Business licence"],
    "REGISTER_CERT": ["登记证书", "Registration certificate"],
    "STORE_FRONT_PHOTO": ["门头照（小微）", "Shop-front photo (micro merchant)"],
  },
  /** spec §7.9 WeChat contact type */
  contactType: {
    "LEGAL": ["法人", "Legal person"],
    "SUPER": ["经办人", "Agent"],
  },
  /** desk: the one normalised state of an order or a withdrawal (services::trade::TradeState) */
  tradeState: {
    "pending": ["处理中", "Pending"],
    "success": ["已支付", "Paid"],
    "failed": ["失败", "Failed"],
    "closed": ["已关闭", "Closed"],
    "hold": ["协查冻结", "Held for investigation"],
    "unknown": ["结果待查", "Outcome unknown"],
    "refunded": ["已全额退款", "Refunded"],
    "partly_refunded": ["部分退款", "Partly refunded"],
  },
  /** desk: where a refund stands (services::refund::RefundState) */
  refundState: {
    "prepared": ["未提交", "Not sent"],
    "pending": ["退款中", "Refunding"],
    "success": ["退款成功", "Refunded"],
    "failed": ["退款失败", "Failed"],
    "unknown": ["结果待查", "Outcome unknown"],
  },
  /** spec §4 trans_stat */
  transStat: {
    "I": ["初始", "Initial"],
    "P": ["处理中", "Processing"],
    "S": ["成功", "Success"],
    "F": ["失败", "Failed"],
  },
  /** spec §7.15 trade_type */
  tradeType: {
    "T_JSAPI": ["微信公众号支付", "WeChat official-account pay"],
    "T_MINIAPP": ["微信小程序支付", "WeChat mini-program pay"],
    "T_APP": ["微信 APP 支付", "WeChat app pay"],
    "T_H5": ["微信 H5 支付", "WeChat H5 pay"],
    "T_NATIVE": ["微信扫码", "WeChat QR"],
    "T_MICROPAY": ["微信付款码", "WeChat payment code"],
    "A_JSAPI": ["支付宝 JS 支付", "Alipay JS pay"],
    "A_NATIVE": ["支付宝扫码", "Alipay QR"],
    "A_MICROPAY": ["支付宝付款码", "Alipay payment code"],
    "U_NATIVE": ["银联扫码", "UnionPay QR"],
    "U_JSAPI": ["银联 JS 支付", "UnionPay JS pay"],
    "U_MICROPAY": ["银联付款码", "UnionPay payment code"],
    "D_NATIVE": ["数字人民币扫码", "Digital RMB QR"],
    "D_MICROPAY": ["数字人民币付款码", "Digital RMB payment code"],
    "TRANS_REFUND": ["退款", "Refund"],
  },
  /** a bill row's trans_type as the sandbox writes it (the spec gives no list; a real bill's other values show as codes) */
  billTransType: {
    "PAYMENT": ["支付", "Payment"],
    "REFUND": ["退款", "Refund"],
  },
  /** spec §7.19 bill_type of the file query */
  billType: {
    "TRADE_BILL": ["交易对账单", "Trade bill"],
    "SPLIT_BILL": ["分账对账单", "Split bill"],
    "WITHDRAWAL_BILL": ["出金对账单", "Withdrawal bill"],
    "SETTLE_BILL": ["结算对账单", "Settlement bill"],
    "TRADE_BILL_MONTH": ["交易月账单", "Monthly trade bill"],
    "SETTLE_BILL_MONTH": ["结算月账单", "Monthly settlement bill"],
    "SETTLE_USER_BILL": ["用户结算对账单", "User settlement bill"],
    "SETTLE_BILL_USER_MONTH": ["用户结算月账单", "Monthly user settlement bill"],
    "SETTLE_FUND_BILL": ["结算资金对账单", "Settlement funds bill"],
    "MERGE_BILL": ["合并对账单", "Merged bill"],
  },
  /** spec §7.19 file_type of the bill config (bill kinds turned on) */
  billFileType: {
    "1": ["交易", "Trades"],
    "2": ["结算", "Settlement"],
    "3": ["分账", "Split"],
    "4": ["出金", "Withdrawals"],
  },
  /** desk: where a day's bills stand (services::bill::BillDayState) */
  billDayState: {
    "config_off": ["未开通对账单", "Bill files not turned on"],
    "not_run_yet": ["尚未生成", "Not generated yet"],
    "running": ["生成中", "Being generated"],
    "ready": ["可下载", "Ready"],
    "no_records": ["当日无交易", "No records that day"],
    "failed": ["生成失败", "Generation failed"],
  },
  /** spec §7.2 cash_type and §7.20 into_acct_date_type (T0 seen in requests, not in §7.2's list) */
  cashType: {
    "T1": ["T1（下个工作日到账）", "T1 (next working day)"],
    "D1": ["D1（次日到账，含节假日）", "D1 (next day, holidays too)"],
    "D0": ["D0（当日到账，含当日交易）", "D0 (same day, today's trades included)"],
    "DM": ["DM（当日到账，不含当日交易）", "DM (same day, today's trades excluded)"],
    "T0": ["T0（当日到账）", "T0 (same day)"],
  },
  /** spec §7.21 acctInfo_list[].acct_type (also out_settle_acct_type) */
  acctType: {
    "01": ["基本户", "Basic account"],
    "02": ["现金户", "Cash account"],
    "05": ["充值户", "Top-up account"],
    "09": ["营销户", "Marketing account"],
  },
  /** desk: a bill batch task's state (services::bill::BillTaskState, from §7.22 task_stat) */
  billTaskState: {
    "init": ["待生成", "Queued"],
    "processing": ["生成中", "Being generated"],
    "data_processing": ["数据处理中", "Preparing data"],
    "file_processing": ["文件生成中", "Writing files"],
    "failed": ["生成失败", "Failed"],
    "success": ["已生成", "Generated"],
    "unknown": ["未知", "Unknown"],
  },
  /** spec B.2 ent_type 公司类型 */
  entType: {
    "1": ["政府机构", "Government body"],
    "2": ["国营企业", "State-owned enterprise"],
    "3": ["私营企业", "Private enterprise"],
    "4": ["外资企业", "Foreign-owned enterprise"],
    "5": ["个体工商户", "Sole proprietor"],
    "6": ["其它组织", "Other organisation"],
    "7": ["事业单位", "Public institution"],
    "9": ["业主委员会", "Owners' committee"],
  },
  /** spec B.2 cust_type in the merchant query */
  custType: {
    "1": ["企业", "Enterprise"],
    "2": ["个人", "Individual"],
  },
  /** spec §7.5 mer_stat */
  merStat: {
    "NORMAL": ["正常", "Normal"],
    "FREEZEWITHDRAWAL": ["取现冻结", "Withdrawals frozen"],
    "CANCEL": ["已注销", "Closed"],
    "FREEZEDEPOSIT": ["入账冻结", "Deposits frozen"],
  },
  /** spec §7.2 card_info.card_type of an enterprise's settlement account */
  cardType: {
    "0": ["对公账户", "Corporate account"],
    "1": ["对私（法人）", "Personal (legal person)"],
    "2": ["对私（非法人）", "Personal (not the legal person)"],
  },
  /** spec B.1 自然人证件类型 */
  certType: {
    "00": ["身份证", "ID card"],
    "01": ["护照", "Passport"],
    "02": ["军官证", "Military officer ID"],
    "03": ["士兵证", "Soldier ID"],
    "04": ["回乡证", "Home return permit"],
    "05": ["户口本", "Household register"],
    "06": ["外国护照", "Foreign passport"],
    "07": ["其他", "Other"],
    "08": ["暂住证", "Temporary residence permit"],
    "09": ["警官证", "Police officer ID"],
    "10": ["文职干部证", "Civilian cadre ID"],
    "11": ["港澳台同胞通行证", "HK/Macao/Taiwan travel permit"],
    "12": ["营业执照", "Business licence"],
    "13": ["外国人居留证", "Foreigner's residence permit"],
    "14": ["台胞证", "Taiwan compatriot permit"],
    "15": ["港澳台居住证", "HK/Macao/Taiwan residence permit"],
  },
  /** spec §7.2 *_validity_type */
  validityType: {
    "0": ["非长期", "Fixed term"],
    "1": ["长期", "Long-term"],
  },
  /** spec §7.2 scene_type */
  sceneType: {
    "ONLINE": ["线上", "Online"],
    "OFFLINE": ["线下", "Offline"],
    "ALL": ["线上和线下", "Online and offline"],
  },
  /** spec §7.2 settle_config.settle_cycle */
  settleCycle: {
    "T1": ["T+1（下个工作日）", "T+1 (next working day)"],
    "D1": ["D+1（次日，含节假日）", "D+1 (next day, holidays too)"],
    "TS": ["TS（当日）", "TS (same day)"],
  },
  /** spec §7.12 split rule_origin */
  ruleOrigin: {
    "01": ["每笔交易传规则", "Rules sent with each trade"],
    "02": ["固定规则（控台配置）", "Fixed rules (configured)"],
  },
  /** Y/N flags (div_flag...) */
  yesNo: {
    "Y": ["是", "Yes"],
    "N": ["否", "No"],
  },
  /** spec §7.10 WeChat config_type */
  wxConfigType: {
    "01": ["公众号 appid", "Official-account appid"],
    "02": ["小程序 appid", "Mini-program appid"],
    "03": ["JSAPI 支付目录", "JSAPI path"],
  },
  /** spec §7.6 wx_config_list[] / §7.12 query: a WeChat config's result (S / F / B partial) */
  wxConfigState: {
    "S": ["已生效", "In effect"],
    "F": ["失败", "Failed"],
    "B": ["部分生效", "Partly in effect"],
  },
  /** spec §7.11 a terminal's bind_status */
  bindStatus: {
    "Y": ["已绑定", "Bound"],
    "N": ["未绑定", "Not bound"],
    "C": ["已注销", "Cancelled"],
  },
  /** desk: what a received notification is about (notify::classify) */
  noticeKind: {
    "trade": ["交易", "Trade"],
    "refund": ["退款", "Refund"],
    "withdrawal": ["取现", "Withdrawal"],
    "audit": ["审核结果", "Audit result"],
    "busi": ["业务开通", "Business open"],
    "bill": ["对账文件", "Bill file"],
    "unknown": ["未识别", "Not recognised"],
  },
  /** desk: a received notification's state (a trade state, or rejected when its signature failed) */
  noticeState: {
    "pending": ["处理中", "Pending"],
    "success": ["成功", "Success"],
    "failed": ["失败", "Failed"],
    "closed": ["已关闭", "Closed"],
    "hold": ["协查冻结", "Held for investigation"],
    "unknown": ["未知", "Unknown"],
    "rejected": ["签名不符，已拒收", "Rejected: bad signature"],
  },
  /** desk: a profile's environment */
  environment: {
    "prod": ["生产", "Production"],
    "joint_debug": ["联调", "Joint debug"],
    "sandbox": ["沙箱", "Sandbox"],
  },
  /** field problems: desk's checks (vocab::Problem) and the dougong client's (dougong::error::problem) */
  problem: {
    "required": ["必填", "is required"],
    "omit_empty": ["不填时请留空（不要只填空格）", "must be omitted rather than empty"],
    "too_long": ["共 {n} 个字符，最多 {max} 个", "is {n} characters; at most {max}"],
    "too_short": ["至少 {min} 个字符", "must be at least {min} characters"],
    "control_char": ["含有看不见的控制字符（如换行、制表符），请删除", "holds a control character (line break, tab...); remove it"],
    "not_one_of": ["「{value}」不是可选的值（可选：{allowed}）", "{value} is not one of {allowed}"],
    "not_accepted": ["「{value}」不是可接受的值", "{value} is not an accepted value"],
    "date8": ["不是有效日期：请选择日期，或按 20260131 的格式输入", "is not a valid date: pick one, or type it as 20260131"],
    "id_card_format": ["应为 18 位身份证号（17 位数字加 1 位数字或 X）", "must be an 18-character ID card number (17 digits and a digit or X)"],
    "id_card_birth": ["其中的出生日期不可能存在", "holds an impossible birth date"],
    "id_card_check": ["校验位不对（是否输错了某一位？）", "check digit is wrong (mistyped number?)"],
    "uscc_length": ["应为 18 位统一社会信用代码", "must be the 18-character unified social credit code"],
    "uscc_char": ["含有「{char}」，信用代码中不会出现（没有 I、O、S、V、Z）", "holds {char}, which a credit code never contains (no I, O, S, V, Z)"],
    "uscc_check": ["校验位不对（是否输错了某一位？）", "check character is wrong (mistyped code?)"],
    "card_digits": ["应为 12 到 19 位数字", "must be 12 to 19 digits"],
    "card_luhn": ["未通过卡号校验（Luhn），是否输错了一位？", "fails the card number check (Luhn): mistyped digit?"],
    "mobile": ["应为 13–19 开头的 11 位手机号", "must be an 11-digit mobile number starting 13–19"],
    "email": ["不是有效的电子邮箱地址", "is not an e-mail address"],
    "huifu_id": ["应为汇付商户号（数字，如 6666000108854952）", "must be a huifu_id (digits, e.g. 6666000108854952)"],
    "seq_id_chars": ["只能包含字母、数字、下划线和连字符", "only letters, digits, '_' and '-' are allowed"],
    "amount_min": ["金额至少 0.01 元", "must be at least 0.01"],
    "amount_max": ["金额太大", "is too large"],
    "url_scheme": ["应为 http:// 或 https:// 开头的网址", "must be an http:// or https:// URL"],
    "url_query": ["网址不能带查询参数（? 之后的部分汇付会丢弃）", "must not carry a query string (Huifu drops it)"],
    "digits": ["应为 {n} 位数字", "must be {n} digits"],
    "percent": ["应为 0 到 100 的百分比，最多两位小数，如 0.38", "must be a percentage from 0 to 100 with at most 2 decimals, e.g. 0.38"],
    "picture_required": ["需要上传这张照片", "a picture is required"],
    "mcc": ["应为 4 到 7 位的 MCC，如 5411", "must be a 4 to 7 character MCC, e.g. 5411"],
    "branch_code": ["应为 12 位联行号", "must be the 12-digit branch number"],
    "wx_appid": ["应为 wx 加 16 位字母或数字", "must be wx followed by 16 letters or digits"],
    "licence_known": ["这个营业执照号已进件过（商户 {huifu_id}）：请打开该商户，不要重复进件", "this licence number was already onboarded (merchant {huifu_id}): open that merchant instead of onboarding it twice"],
    "wx_path": ["应为以 / 结尾的 http(s) 网址", "must be an http(s) URL ending with /"],
    "wx_config_empty": ["至少填写公众号 appid、小程序 appid 或 JSAPI 支付目录中的一项", "give an official-account appid, a mini-program appid or a JSAPI path"],
    "busi_no_channel": ["微信和支付宝至少选一个", "choose at least one of WeChat or Alipay"],
    "split_shares_needed": ["固定规则（02）需要填写分账比例", "fixed rules (02) need the shares"],
    "split_shares_sum": ["各方比例之和必须是 100", "the shares must add up to 100"],
    "no_application": ["这个商户没有在审核中的申请单", "no application of this merchant is known"],
    "picture_unreadable": ["读不出文件 {name}", "{name} cannot be read"],
    "picture_too_large": ["{name} 有 {mb} MB，照片最大 {max} MB", "{name} is {mb} MB; a picture may be at most {max} MB"],
    "picture_format": ["{name} 不是 JPG、PNG 或 BMP 图片", "{name} is not a JPG, PNG or BMP image"],
    "picture_undecodable": ["{name} 无法解码（文件损坏或不是图片）", "{name} cannot be decoded (damaged, or not a picture)"],
    "picture_cannot_shrink": ["{name} 无法压缩到 {max} MB 以内", "{name} cannot be made smaller than {max} MB"],
    "profile_name_length": ["名称应为 1 到 64 个字符", "must be 1 to 64 characters"],
    "profile_name_chars": ["名称只能包含字母、汉字、数字、-、_ 和 .", "may hold letters, digits, '-', '_' and '.' only"],
    "base_url_scheme": ["应以 https:// 开头（本机沙箱可用 http://）", "must start with https:// (or http:// for a local sandbox)"],
    "base_url_https": ["生产环境的配置必须使用 https://", "a production profile must use https://"],
    "listen_addr": ["「{value}」不是「IP 地址:端口」，如 127.0.0.1:8700", "{value} is not host:port with an IP address (e.g. 127.0.0.1:8700)"],
    "not_a_url": ["不是有效的网址", "is not a URL"],
    "notify_port": ["端口 {port}：汇付只回调默认端口或 8000–9005", "port {port}: Huifu calls only the default ports or 8000-9005"],
    "public_url_length": ["最多 80 个字符（加上 /notify/<配置名> 后 notify_url 最多 128 个字符）", "at most 80 characters (notify_url is at most 128 with /notify/<profile>)"],
    "amount_positive": ["金额须大于 0（最小 0.01 元）", "must be a positive amount (1 fen = 0.01 yuan)"],
    "amount_ceiling": ["{amount} 元超过单笔上限", "{amount} yuan is more than one withdrawal can carry"],
    "refund_left": ["{amount} 元超过还可退的 {left} 元（已付 {paid} 元，已退或退款中 {reserved} 元）", "{amount} yuan is more than the {left} yuan still refundable (paid {paid}, refunded or in progress {reserved})"],
    "refund_repeat": ["这笔交易刚刚已退过同样的 {amount} 元（{earlier}）：确认确实要再退一笔吗？", "a refund of the same trade and the same {amount} yuan was already made ({earlier}); confirm that a second one is meant"],
    "trade_not_paid": ["这笔交易未支付成功（trans_stat {stat}），只有已支付的交易可以退款", "the trade is not paid (trans_stat {stat}); only a paid trade can be refunded"],
    "split_not_split": ["这笔交易没有分账，退款不能指定分账方", "the trade was not split, so its refund cannot name receivers"],
    "split_not_receiver": ["{huifu_id} 不是这笔交易的分账方", "{huifu_id} is not a receiver of this trade"],
    "split_part_left": ["{amount} 元超过 {huifu_id} 还可退的 {left} 元", "{amount} yuan is more than the {left} yuan {huifu_id} can still give back"],
    "parts_sum": ["各部分合计 {sum} 元，不等于总额 {total} 元", "the parts add up to {sum} yuan, not the {total} yuan of the whole"],
    "balance_left": ["{amount} 元超过可用余额 {available} 元", "{amount} yuan is more than the available balance of {available} yuan"],
    "no_bound_card": ["不知道这个商户绑定的卡：请填写 token_no，或先查询该商户", "no bound card is known for this merchant: give its token_no, or look the merchant up first"],
    "choose_at_least_one": ["请至少选择一项", "choose at least one"],
    "sandbox_built_in": ["内置的沙箱配置不能删除", "the sandbox profile is built in and cannot be deleted"],
    "not_the_sandbox": ["{profile} 不是内置沙箱：请先切换到沙箱配置", "{profile} is not the built-in sandbox; switch to the sandbox profile"],
    "not_dougong": ["{profile} 是{acquirer}的配置，这里只能用斗拱配置", "{profile} is a {acquirer} profile, not dougong"],
    "indv_card_plain": ["个人（小微）的结算卡不填卡类型和联行号", "an individual's card has no card type or branch code"],
    "staged_photo_lost": ["暂存的照片读不出来了：请重新选择这张照片", "the staged photo cannot be read; choose it again"],
    "trade_date_needed": ["需要这笔订单的请求日期（req_date）", "the order's req_date is needed"],
    "trade_id_needed": ["请填写订单的请求流水号或汇付全局流水号", "give the order's req_seq_id or hf_seq_id"],
    "product_id": ["应为汇付给你的产品号（字母或数字，如 YYZY）", "must be the product code Huifu gave you (e.g. YYZY)"],
  },
  /** plain hints for Huifu refusals (dougong::codes::HINTS) */
  hint: {
    "no_api_permission": ["调用方 sys_id 没有这个接口的权限：请汇付运营开通（不是代码问题）", "the caller sys_id has no permission for this API: ask Huifu operations to enable it (not a code bug)"],
    "ids_mismatch": ["sys_id / product_id / huifu_id / upper_huifu_id 不属于同一渠道：确认商户归属哪个渠道", "sys_id / product_id / huifu_id / upper_huifu_id do not belong together; check which channel owns this merchant"],
    "no_route": ["该场景未开通微信/支付宝/银联业务：先去业务开通；非必要不要传 channel_no（更不要传空字符串）", "the WeChat/Alipay/UnionPay business is not opened for this scene; open it, and do not send channel_no unless needed (never channel_no=\"\")"],
    "several_channels": ["商户有多个通道或场景：请明确传 pay_channel / pay_scene", "the merchant has several channels or scenes; pass pay_channel / pay_scene explicitly"],
    "wx_realname": ["微信实名未完成：去做微信实名，并让法人扫码确认", "WeChat realname is not done: run WeChat realname and let the legal person scan the QR"],
    "ali_realname": ["支付宝实名未完成：去做支付宝实名（申请后让法人扫码）", "Alipay realname is not done: run Alipay realname (apply, then let the legal person scan the QR)"],
    "appid_not_bound": ["该 appid 未绑定到微信子商户：在微信配置里绑定，并去掉空格", "the appid is not bound to the WeChat sub-merchant: bind it via WeChat config (busi/config), and strip spaces"],
    "openid_other_appid": ["openid 是在另一个 appid 下取得的：请在同一个 sub_appid 下获取 openid", "the openid was obtained under another appid: get the openid under the same sub_appid"],
    "jsapi_path": ["未配置 JSAPI 支付目录/授权域名：在微信配置里添加以 / 结尾的 wx_woa_path，生效可能需要一段时间", "the JSAPI path / authorised domain is not configured: add wx_woa_path (ending with /) via WeChat config; it may take a while"],
    "wx_frozen": ["微信风控冻结了该子商户的产品权限：请通过微信申诉", "WeChat risk control froze this sub-merchant's product permission: appeal through WeChat"],
    "too_frequent_query": ["请求太频繁：稍后用查询跟进，不要重复发送；同一笔交易不要并发退款", "too frequent: wait and poll the query instead of re-sending; never fire parallel refunds for one trade"],
    "too_frequent_bills": ["请求太频繁（对账文件每个商户每天约 3 次）：稍后再试", "too frequent (bill files: about 3 per day per huifu_id): try again later"],
    "split_sum": ["分账金额之和必须等于交易金额：请修改分账明细", "split amounts must add up to the trade amount: fix acct_split_bunch"],
    "bill_not_generated": ["对账文件未生成：确认对账单配置已开通，并看 task_details.task_stat；状态 S 却没有文件表示当日无交易", "bill file not generated: check bill config is on and task_details.task_stat; S with no file means no records"],
    "bill_config_off": ["该商户还没有对账单配置：先在对账单页面开通对账文件", "bill files are not configured for this merchant: turn them on on the statements page first"],
    "split_config_missing": ["该商户还没有分账配置：先在分账配置页面申请", "this merchant has no split configuration yet: apply for one on the split page first"],
    "application_not_found": ["找不到这个申请单：核对申请单号和商户号", "the application was not found: check the application number and the huifu_id"],
    "req_date_today": ["req_date 必须是当天日期（北京时间）", "req_date must be today's date (Beijing time)"],
    "pay_code_invalid": ["付款码无效、已过期或已使用：请付款人刷新付款码", "the payment code is invalid, expired or already used: ask the payer to refresh it"],
    "order_expired": ["订单已超时：用新的请求流水号重新下单", "the order expired: create a new order with a new req_seq_id"],
    "close_too_young": ["不能关闭一分钟以内的订单：稍等后再关单", "orders younger than one minute cannot be closed: wait, then close again"],
    "refund_exceeds": ["退款金额超过剩余可退金额：先查询原交易和已有的退款", "the refund exceeds what is left to refund: query the trade and the refunds made so far"],
    "balance_low": ["可用余额不足", "insufficient available balance"],
    "duplicate_seq": ["请求流水号重复：这笔请求已被受理，请查询而不要重发", "duplicate req_seq_id: this request was already received; query it instead of sending again"],
    "too_frequent": ["操作太频繁：稍后再试", "too frequent: wait and retry later"],
    "original_not_found": ["找不到原交易：核对原交易日期和各个单号（查退款要用退款自己的单号）", "the original transaction was not found: check org_req_date and the ids (a refund query takes the refund's ids)"],
    "function_not_open": ["商户未开通这项功能（分账 / 延迟入账 / 退款）：先开通", "this function (split / delayed settlement / refund) is not enabled for the merchant: open it first"],
    "amount_check": ["金额校验失败：手续费、优惠、分账金额或可退金额对不上", "amount check failed: fees, discounts, split amounts or refundable amount do not add up"],
    "trade_type_unsupported": ["这里不支持该交易类型（如银联和数字人民币订单不能关单）", "this trade type is not supported here (e.g. UnionPay and digital RMB orders cannot be closed)"],
    "original_not_final": ["原交易还没有最终结果：先查询，成功后再退款", "the original transaction is not final yet: query it and refund after it succeeds"],
    "no_partial_refund": ["这笔交易不支持部分退款（如有渠道优惠）：请全额退款", "this trade cannot be refunded partially (e.g. channel discounts): refund the full amount"],
    "already_final": ["原订单已是最终状态：请查询，不要关单", "the original order is already final: query it instead of closing"],
    "huifu_failure": ["汇付侧故障：先查询，再用同一个请求流水号重试", "Huifu-side failure: retry later with the same req_seq_id, after a query"],
  },
} as const satisfies Record<string, Record<string, readonly [string, string]>>;

export type VocabName = keyof typeof VOCAB;
export type ProblemKey = keyof typeof VOCAB.problem;
export type HintKey = keyof typeof VOCAB.hint;
