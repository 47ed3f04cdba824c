//! Progress for the UI's bar: each step has a weight proportional to the bytes it moves over the
//! air, and the fraction advances with every response, so the bar moves smoothly through the
//! long image reads and never goes backwards.

use std::cell::Cell;

use crate::transport::{ProgressListener, ReadStep};

/// Expected response bytes per step of a first-generation read (extended lengths).
fn weight(step: ReadStep) -> f32 {
    match step {
        ReadStep::DetectingCard => 20.0,
        ReadStep::Authenticating => 80.0,
        ReadStep::ReadingCardData => 100.0,
        ReadStep::ReadingFrontImage => 7015.0,
        ReadStep::ReadingFaceImage => 3015.0,
        ReadStep::ReadingSignature => 1466.0,
        ReadStep::ReadingAddress => 344.0,
        ReadStep::ReadingPermissions => 250.0,
        ReadStep::Verifying => 600.0,
        ReadStep::Done => 0.0,
    }
}

const ORDER: [ReadStep; 9] = [
    ReadStep::DetectingCard,
    ReadStep::Authenticating,
    ReadStep::ReadingFrontImage,
    ReadStep::ReadingFaceImage,
    ReadStep::ReadingSignature,
    ReadStep::ReadingAddress,
    ReadStep::ReadingPermissions,
    ReadStep::Verifying,
    ReadStep::Done,
];

pub struct ProgressTracker<'a> {
    listener: &'a dyn ProgressListener,
    step: Cell<ReadStep>,
    bytes_in_step: Cell<usize>,
    reported: Cell<f32>,
    reported_step: Cell<Option<ReadStep>>,
}

impl<'a> ProgressTracker<'a> {
    pub fn new(listener: &'a dyn ProgressListener, _max_apdu: usize) -> Self {
        ProgressTracker {
            listener,
            step: Cell::new(ReadStep::DetectingCard),
            bytes_in_step: Cell::new(0),
            reported: Cell::new(-1.0),
            reported_step: Cell::new(None),
        }
    }

    fn total() -> f32 {
        ORDER.iter().map(|s| weight(*s)).sum()
    }

    fn before(step: ReadStep) -> f32 {
        ORDER.iter().take_while(|s| **s != step).map(|s| weight(*s)).sum()
    }

    /// Enters `step` and reports where the bar stands.
    pub fn begin(&self, step: ReadStep) {
        self.step.set(step);
        self.bytes_in_step.set(0);
        self.report();
    }

    /// Counts response bytes of the current step.
    pub fn on_bytes(&self, n: usize) {
        self.bytes_in_step.set(self.bytes_in_step.get().saturating_add(n));
        self.report();
    }

    fn report(&self) {
        let step = self.step.get();
        let fraction = if step == ReadStep::Done {
            1.0
        } else {
            let within = (self.bytes_in_step.get() as f32).min(weight(step));
            ((Self::before(step) + within) / Self::total()).clamp(0.0, 0.999)
        };
        // A new step is always announced (its name is shown); the fraction never goes back.
        let fraction = fraction.max(self.reported.get());
        if fraction > self.reported.get() || self.reported_step.get() != Some(step) {
            self.reported.set(fraction);
            self.reported_step.set(Some(step));
            self.listener.on_progress(step, fraction);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    struct Record(RefCell<Vec<(ReadStep, f32)>>);
    impl ProgressListener for Record {
        fn on_progress(&self, step: ReadStep, fraction: f32) {
            self.0.borrow_mut().push((step, fraction));
        }
    }

    #[test]
    fn monotonic_and_ends_at_one() {
        let r = Record(RefCell::new(vec![]));
        let t = ProgressTracker::new(&r, 0);
        t.begin(ReadStep::DetectingCard);
        t.on_bytes(10);
        t.begin(ReadStep::ReadingFrontImage);
        t.on_bytes(100_000);
        t.begin(ReadStep::Authenticating); // out of order: must not move the bar back
        t.begin(ReadStep::Done);
        let v = r.0.borrow();
        assert_eq!(v.first().unwrap().1, 0.0);
        assert!(v.windows(2).all(|w| w[0].1 <= w[1].1));
        // The out-of-order step is announced, at the fraction already reached.
        assert!(v.iter().any(|(s, f)| *s == ReadStep::Authenticating && *f > 0.5));
        assert_eq!(v.last().unwrap(), &(ReadStep::Done, 1.0));
    }
}
