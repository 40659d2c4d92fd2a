//! "Test cards": amounts that make a trade fail on purpose, like a card network's test numbers.
//! Listed in the README; any other amount behaves normally.

/// What an amount asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    Normal,
    /// 66.60: refused at once, `90000000 交易存在风险`.
    Risk,
    /// 66.61: the payer's payment fails (`trans_stat=F`, `余额不足`).
    PayFails,
    /// 66.62: `91111119 通道异常，请稍后重试`, nothing created.
    ChannelDown,
    /// 66.63: reverse scan asks for the payer's password (`P`, then `S`).
    Password,
    /// 66.64: refunds of this trade end `F`.
    RefundFails,
    /// 66.65: `10000009 该交易不支持部分退款`.
    NoPartialRefund,
    /// 66.66: the payment code is refused (`90000000 付款码无效`).
    BadPayCode,
}

/// The card for an amount in fen.
pub fn card(fen: i64) -> Card {
    match fen {
        6660 => Card::Risk,
        6661 => Card::PayFails,
        6662 => Card::ChannelDown,
        6663 => Card::Password,
        6664 => Card::RefundFails,
        6665 => Card::NoPartialRefund,
        6666 => Card::BadPayCode,
        _ => Card::Normal,
    }
}

/// The name stored on the order.
pub fn name(c: Card) -> &'static str {
    match c {
        Card::Normal => "",
        Card::Risk => "risk",
        Card::PayFails => "pay_fails",
        Card::ChannelDown => "channel_down",
        Card::Password => "password",
        Card::RefundFails => "refund_fails",
        Card::NoPartialRefund => "no_partial_refund",
        Card::BadPayCode => "bad_pay_code",
    }
}

/// Single-trade limit of the sandbox (`90000000 单笔金额超限` above it).
pub const SINGLE_LIMIT_FEN: i64 = 5_000_000;
/// Reverse-scan amounts from here ask for the payer's password.
pub const PASSWORD_FROM_FEN: i64 = 100_000;
