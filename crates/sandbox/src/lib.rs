//! sandbox (placeholder: being built)
