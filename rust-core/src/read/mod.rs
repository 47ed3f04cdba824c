//! (skeleton)
use crate::{CardNumber, ReadError, Reading, Transceiver, ProgressListener, CancelToken};
use crate::verify::TrustStore;

pub struct ReadOptions { pub trust: TrustStore, pub cancel: CancelToken, pub now_unix: i64 }

pub fn read_card(_number: &CardNumber, _t: &dyn Transceiver, _o: &ReadOptions, _p: &dyn ProgressListener) -> Result<Reading, ReadError> {
    unimplemented!()
}
