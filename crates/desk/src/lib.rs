//! desk (placeholder: being built)
