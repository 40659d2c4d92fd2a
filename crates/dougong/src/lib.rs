//! dougong (placeholder: being built)
