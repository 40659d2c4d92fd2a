//! mpgateway (placeholder: being built)
