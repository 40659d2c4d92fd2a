//! Trades: aggregated forward scan (jspay, §7.15), reverse scan (micropay, §7.16), scan query (§7.17),
//! close and close query (§7.18).

pub mod channel;
mod close;
mod order;
mod query;

pub use close::{Close, CloseQuery, CloseResponse};
pub use order::{Jspay, Micropay, OrderResponse};
pub use query::{ScanQuery, ScanQueryResponse};

crate::string_enum! {
    /// `trade_type` of jspay/micropay answers and requests (§7.15.1).
    pub enum TradeType {
        WxJsapi = "T_JSAPI",
        WxMiniapp = "T_MINIAPP",
        WxApp = "T_APP",
        WxH5 = "T_H5",
        WxNative = "T_NATIVE",
        AliJsapi = "A_JSAPI",
        AliNative = "A_NATIVE",
        UnionNative = "U_NATIVE",
        UnionJsapi = "U_JSAPI",
        DigitalNative = "D_NATIVE",
        WxMicropay = "T_MICROPAY",
        AliMicropay = "A_MICROPAY",
        UnionMicropay = "U_MICROPAY",
        DigitalMicropay = "D_MICROPAY",
    }
}
