//! Trust anchors. (skeleton)

#[derive(Debug, Clone, Default)]
pub struct TrustStore {}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }
}
