export const zh = {
  "money.empty": "请输入金额（元）",
  "money.format": "金额格式不对：只能是数字，最多两位小数，例如 12.30",
  "money.decimals": "金额最多两位小数（分）",
  "money.negative": "金额不能为负数",
  "money.zero": "金额必须大于 0",
  "money.tooLarge": "金额太大",
  "money.yuan": "元",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "money.empty": "Enter an amount in yuan",
  "money.format": "Not an amount: digits with at most two decimals, e.g. 12.30",
  "money.decimals": "At most two decimals (fen)",
  "money.negative": "The amount cannot be negative",
  "money.zero": "The amount must be above 0",
  "money.tooLarge": "The amount is too large",
  "money.yuan": "yuan",
};
