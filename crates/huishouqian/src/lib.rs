//! huishouqian (placeholder: being built)
