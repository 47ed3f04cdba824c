//! Progress for the UI's bar: each step has a weight proportional to the bytes it moves over the
//! air, and the fraction advances with every response, so the bar moves smoothly through the
//! long image reads and never goes backwards.

use std::cell::Cell;

use crate::transport::{ProgressListener, ReadStep};

/// A read's steps in order, each weighted by the response bytes it moves (extended lengths).
pub type Plan = &'static [(ReadStep, f32)];

pub const GEN1_PLAN: Plan = &[
    (ReadStep::DetectingCard, 20.0),
    (ReadStep::Authenticating, 80.0),
    (ReadStep::ReadingFrontImage, 7015.0),
    (ReadStep::ReadingFaceImage, 3015.0),
    (ReadStep::ReadingSignature, 1466.0),
    (ReadStep::ReadingAddress, 344.0),
    (ReadStep::ReadingPermissions, 250.0),
    (ReadStep::Verifying, 600.0),
    (ReadStep::Done, 0.0),
];

pub const GEN2_PLAN: Plan = &[
    (ReadStep::DetectingCard, 20.0),
    (ReadStep::Authenticating, 80.0),
    (ReadStep::ReadingCardData, 120.0),
    (ReadStep::ReadingFaceImage, 5527.0),
    (ReadStep::ReadingAddress, 2521.0),
    (ReadStep::ReadingSignature, 706.0),
    (ReadStep::ReadingPermissions, 240.0),
    (ReadStep::Verifying, 600.0),
    (ReadStep::Done, 0.0),
];

pub struct ProgressTracker<'a> {
    listener: &'a dyn ProgressListener,
    plan: Cell<Plan>,
    step: Cell<ReadStep>,
    bytes_in_step: Cell<usize>,
    reported: Cell<f32>,
    reported_step: Cell<Option<ReadStep>>,
}

impl<'a> ProgressTracker<'a> {
    pub fn new(listener: &'a dyn ProgressListener, _max_apdu: usize) -> Self {
        ProgressTracker {
            listener,
            plan: Cell::new(GEN1_PLAN),
            step: Cell::new(ReadStep::DetectingCard),
            bytes_in_step: Cell::new(0),
            reported: Cell::new(-1.0),
            reported_step: Cell::new(None),
        }
    }

    /// Switches to the plan of the generation detected.
    pub fn set_plan(&self, plan: Plan) {
        self.plan.set(plan);
    }

    fn weight(&self, step: ReadStep) -> f32 {
        self.plan.get().iter().find(|(s, _)| *s == step).map_or(0.0, |(_, w)| *w)
    }

    fn total(&self) -> f32 {
        self.plan.get().iter().map(|(_, w)| w).sum()
    }

    fn before(&self, step: ReadStep) -> f32 {
        self.plan.get().iter().take_while(|(s, _)| *s != step).map(|(_, w)| w).sum()
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
            let within = (self.bytes_in_step.get() as f32).min(self.weight(step));
            ((self.before(step) + within) / self.total()).clamp(0.0, 0.999)
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
