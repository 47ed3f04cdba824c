//! The presentation model: every decision a screen makes, as plain data in Japanese and English.
//!
//! The Android, iOS and desktop front ends only render what this module returns, so wording,
//! which indicator shows what, and which action an error offers are decided once and tested once
//! (product.md §2–§10). The output types are owned, lifetime-free records and enums so the FFI
//! layer can export them unchanged.
//!
//! Personal data: only the card-data section, the address and permission rows (flagged
//! [`Row::personal`]) and the revocation inquiry carry card contents. Headlines, indicators,
//! errors, hints and every other text are built without looking at the number, the images or the
//! address, and tests pin that.

mod carousel;
mod errors;
mod format;
mod gen2;
mod hints;
// My Number card (issue 15): PIN entry, input errors, result screens.
pub mod mynumber;
mod permission;
mod result;
// Issue 17: start screen, My Number menu, in-person entry and match-field texts.
pub mod start;
mod text;
mod zoom;

pub use carousel::{
    help_carousel, Carousel, CarouselEvent, CarouselGesture, CarouselPage, CarouselState,
};
pub use errors::{
    all_error_codes, error_info, from_number_error, from_read_error, pcsc_service_tip, DesktopOs,
    ErrorAction, ErrorInfo, CONSULTATION_URL, REISSUE_URL,
};
pub use format::{date_en, date_ja, date_text};
pub use hints::{
    hold_instructions, number_entry, number_feedback, step_text, Button, HoldInstructions,
    NumberEntryScreen, NumberFeedback, Platform,
};
pub use permission::{
    extension_application_text, gen1_permission_rows, gen2_permission_lines, gen2_permission_rows,
    gen2_permission_section, has_part_time_permission, work_restriction_row, work_restriction_text,
    GEN1_COMPREHENSIVE_JA, GEN1_INDIVIDUAL_JA,
};
pub use result::{
    result_screen, result_screen_with, CheckKind, Headline, HeadlineKind, ImageSource, ImageView,
    Indicator, IndicatorState, LinkAction, PresentConfig, ResultScreen, RevocationInquiry,
    DEFAULT_REVOCATION_HOST,
};
pub use text::{Lang, Row, Section, SectionId, Text};
pub use zoom::{ZoomState, MAX_SCALE, MIN_SCALE};

#[cfg(test)]
mod tests;
