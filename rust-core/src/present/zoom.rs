//! The enlarged card-image viewer's gestures (product.md §10), shared by both shells so pinch,
//! double tap and pan behave identically.
//!
//! Coordinates: `offset` is how far the image's centre is moved from the viewport's centre, in
//! viewport points. At scale `s` the image is `content × s` large; it may move until its edge
//! reaches the viewport's edge, and not at all along an axis where it is smaller than the viewport.

pub const MIN_SCALE: f64 = 1.0;
pub const MAX_SCALE: f64 = 5.0;
/// Double tap zooms to this, or back to 1.0 from at or above it.
const DOUBLE_TAP_SCALE: f64 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoomState {
    scale: f64,
    offset_x: f64,
    offset_y: f64,
    viewport: (f64, f64),
    /// The image's size at scale 1.0 (fitted into the viewport by the shell).
    content: (f64, f64),
}

/// Largest size taken at face value; far beyond any screen, small enough that `size × MAX_SCALE`
/// and any pan stay finite.
const MAX_SIZE: f64 = 1.0e9;

/// Non-finite or negative sizes become 0 and huge ones are capped, so the bounds stay finite.
fn size(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v.min(MAX_SIZE)
    } else {
        0.0
    }
}

impl ZoomState {
    pub fn new(
        viewport_width: f64,
        viewport_height: f64,
        content_width: f64,
        content_height: f64,
    ) -> Self {
        ZoomState {
            scale: MIN_SCALE,
            offset_x: 0.0,
            offset_y: 0.0,
            viewport: (size(viewport_width), size(viewport_height)),
            content: (size(content_width), size(content_height)),
        }
    }

    pub fn scale(&self) -> f64 {
        self.scale
    }

    pub fn offset(&self) -> (f64, f64) {
        (self.offset_x, self.offset_y)
    }

    /// The viewport or fitted image changed size (rotation); keeps the scale, re-clamps the pan.
    pub fn resize(
        &mut self,
        viewport_width: f64,
        viewport_height: f64,
        content_width: f64,
        content_height: f64,
    ) {
        self.viewport = (size(viewport_width), size(viewport_height));
        self.content = (size(content_width), size(content_height));
        self.clamp_offset();
    }

    /// Multiplies the scale by the pinch factor, clamped to 1.0–5.0. Nonsense factors (zero,
    /// negative, NaN) are ignored rather than trusted from a platform gesture recogniser.
    pub fn pinch(&mut self, factor: f64) {
        if factor.is_finite() && factor > 0.0 {
            self.set_scale(self.scale * factor);
        }
    }

    /// Below 2.0× go to 2.0×; at or above it go back to 1.0×.
    pub fn double_tap(&mut self) {
        let target = if self.scale < DOUBLE_TAP_SCALE {
            DOUBLE_TAP_SCALE
        } else {
            MIN_SCALE
        };
        self.set_scale(target);
    }

    /// Moves the zoomed image; does nothing at 1.0×, where the whole image is visible.
    pub fn pan(&mut self, dx: f64, dy: f64) {
        if self.scale <= MIN_SCALE || !dx.is_finite() || !dy.is_finite() {
            return;
        }
        self.offset_x += dx;
        self.offset_y += dy;
        self.clamp_offset();
    }

    fn set_scale(&mut self, s: f64) {
        self.scale = if s.is_finite() {
            s.clamp(MIN_SCALE, MAX_SCALE)
        } else {
            MIN_SCALE
        };
        self.clamp_offset();
    }

    fn max_offset(&self) -> (f64, f64) {
        let axis = |content: f64, viewport: f64| ((content * self.scale - viewport) / 2.0).max(0.0);
        (
            axis(self.content.0, self.viewport.0),
            axis(self.content.1, self.viewport.1),
        )
    }

    fn clamp_offset(&mut self) {
        if self.scale <= MIN_SCALE {
            self.offset_x = 0.0;
            self.offset_y = 0.0;
            return;
        }
        let (mx, my) = self.max_offset();
        self.offset_x = self.offset_x.clamp(-mx, mx);
        self.offset_y = self.offset_y.clamp(-my, my);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z() -> ZoomState {
        // A 400×300 viewport with the card fitted to 400×250.
        ZoomState::new(400.0, 300.0, 400.0, 250.0)
    }

    #[test]
    fn present_zoom_pinch_clamps() {
        let mut s = z();
        assert_eq!(s.scale(), 1.0);
        s.pinch(0.5);
        assert_eq!(s.scale(), 1.0);
        s.pinch(1.5);
        assert_eq!(s.scale(), 1.5);
        s.pinch(2.0);
        assert_eq!(s.scale(), 3.0);
        s.pinch(2.0);
        assert_eq!(s.scale(), 5.0);
        s.pinch(10.0);
        assert_eq!(s.scale(), 5.0);
        s.pinch(0.5);
        assert_eq!(s.scale(), 2.5);
        s.pinch(0.1);
        assert_eq!(s.scale(), 1.0);
        for bad in [0.0, -2.0, f64::NAN, f64::INFINITY] {
            s.pinch(bad);
            assert_eq!(s.scale(), 1.0);
        }
    }

    #[test]
    fn present_zoom_double_tap() {
        let at = |scale: f64| {
            let mut s = z();
            s.pinch(scale);
            assert_eq!(s.scale(), scale);
            s.double_tap();
            s.scale()
        };
        assert_eq!(at(1.0), 2.0);
        assert_eq!(at(1.9), 2.0);
        assert_eq!(at(2.0), 1.0);
        assert_eq!(at(4.5), 1.0);
        assert_eq!(at(5.0), 1.0);
        let mut s = z();
        s.double_tap();
        s.double_tap();
        assert_eq!(s.scale(), 1.0);
    }

    #[test]
    fn present_zoom_pan_only_when_zoomed_and_clamped() {
        let mut s = z();
        s.pan(50.0, 50.0);
        assert_eq!(s.offset(), (0.0, 0.0));
        s.pinch(2.0);
        // Image 800×500 in 400×300: up to ±200 horizontally, ±100 vertically.
        s.pan(50.0, -30.0);
        assert_eq!(s.offset(), (50.0, -30.0));
        s.pan(1000.0, -1000.0);
        assert_eq!(s.offset(), (200.0, -100.0));
        s.pan(f64::NAN, 1.0);
        assert_eq!(s.offset(), (200.0, -100.0));
        // Zooming out shrinks the bounds and pulls the image back in.
        s.pinch(0.75);
        assert_eq!(s.scale(), 1.5);
        assert_eq!(s.offset(), (100.0, -37.5));
        // Back at 1.0 the pan resets, and zooming in again starts centred.
        s.pinch(0.5);
        assert_eq!(s.scale(), 1.0);
        assert_eq!(s.offset(), (0.0, 0.0));
        s.double_tap();
        assert_eq!(s.scale(), 2.0);
        assert_eq!(s.offset(), (0.0, 0.0));
    }

    #[test]
    fn present_zoom_no_pan_along_a_short_axis() {
        // Content 100×50 in 400×300: at 2× it is still smaller than the viewport both ways.
        let mut s = ZoomState::new(400.0, 300.0, 100.0, 50.0);
        s.pinch(2.0);
        s.pan(30.0, 30.0);
        assert_eq!(s.offset(), (0.0, 0.0));
        s.pinch(2.5);
        s.pan(1000.0, 1000.0);
        assert_eq!(s.offset(), (50.0, 0.0));
        // A broken viewport size counts as 0: the bound grows to 250, the offset stays.
        s.resize(f64::NAN, -1.0, 100.0, 50.0);
        assert_eq!(s.offset(), (50.0, 0.0));
        // Absurd sizes are capped, so a pan cannot run off to infinity.
        s.resize(1.0, 1.0, f64::MAX, f64::MAX);
        s.pan(f64::MAX, f64::MAX);
        s.pan(f64::MAX, f64::MAX);
        assert!(s.offset().0.is_finite() && s.offset().1.is_finite());
    }
}
