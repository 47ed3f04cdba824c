//! The number-position help (product.md §5): three pages and their navigation.
//!
//! Page 1's position is documented in text (top right of the front). For pages 2–3 the manuals
//! show only pictures, so the captions say what to look for instead of guessing a place, and the
//! shared schematic drawings (design/illustrations) mark no place on those two pages either.

use super::text::Text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarouselPage {
    /// Names the shared vector drawing both shells bundle.
    pub illustration_id: String,
    pub title: Text,
    pub caption: Text,
    pub accessibility: Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carousel {
    pub title: Text,
    pub pages: Vec<CarouselPage>,
    pub close_button: Text,
    /// Spoken label of the × icon.
    pub close_icon_accessibility: Text,
}

pub fn help_carousel() -> Carousel {
    let look_for = |kind_ja: &str, kind_en: &str| {
        Text::new(
            format!("{kind_ja}：表面の「番号 / NUMBER」と書かれた欄の英数字12桁が在留カード等番号です。"),
            format!("{kind_en}: the card number is the 12 letters and digits labelled 番号 / NUMBER on the front."),
        )
    };
    let page = |id: &str, title: Text, caption: Text, accessibility: Text| CarouselPage {
        illustration_id: id.to_owned(),
        title,
        caption,
        accessibility,
    };
    Carousel {
        title: Text::new("在留カード等番号の位置", "Where the card number is"),
        pages: vec![
            page(
                "card_gen1_front",
                Text::new("第一世代の在留カード・特別永住者証明書", "First-generation cards"),
                Text::new(
                    "第一世代の在留カード・特別永住者証明書：在留カード等番号は表面の右上にあります（英字2桁・数字8桁・英字2桁）。",
                    "First-generation residence cards and certificates: the card number is at the top right of the front (2 letters, 8 digits, 2 letters).",
                ),
                Text::new(
                    "第一世代の在留カードの表面の図。右上の在留カード等番号が示されています。1ページ目、全3ページ。",
                    "Drawing of the front of a first-generation residence card with the card number at the top right marked. Page 1 of 3.",
                ),
            ),
            page(
                "card_gen2_front",
                Text::new("第二世代の在留カード・特別永住者証明書", "Second-generation cards"),
                look_for("第二世代の在留カード・特別永住者証明書", "Second-generation residence cards and certificates"),
                Text::new(
                    "第二世代の在留カードの表面の図。「番号 / NUMBER」と書かれた12桁を探してください。2ページ目、全3ページ。",
                    "Drawing of the front of a second-generation residence card. Look for the 12 characters labelled 番号 / NUMBER. Page 2 of 3.",
                ),
            ),
            page(
                "card_specified_front",
                Text::new("特定在留カード・特定特別永住者証明書", "Specified cards"),
                look_for("特定在留カード・特定特別永住者証明書", "Specified residence cards and certificates"),
                Text::new(
                    "特定在留カードの表面の図。「番号 / NUMBER」と書かれた12桁を探してください。3ページ目、全3ページ。",
                    "Drawing of the front of a specified residence card. Look for the 12 characters labelled 番号 / NUMBER. Page 3 of 3.",
                ),
            ),
        ],
        close_button: Text::new("閉じる", "Close"),
        close_icon_accessibility: Text::new("閉じる", "Close"),
    }
}

const PAGES: u32 = 3;

/// What a gesture did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarouselEvent {
    /// Now showing this 0-based page.
    Moved { page: u32 },
    /// Nothing happens (swiping past either end: no wrap-around).
    Unchanged,
    /// Close the help and return to number entry.
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarouselGesture {
    SwipeLeft,
    SwipeRight,
    CloseIcon,
    CloseButton,
    Back,
}

/// The visible page, 0-based. Out-of-range pages (a stale state from a shell) are treated as the
/// last page rather than trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CarouselState {
    pub page: u32,
}

impl CarouselState {
    pub fn new() -> Self {
        Self::default()
    }

    fn current(&self) -> u32 {
        self.page.min(PAGES - 1)
    }

    /// Swipe left shows the next page.
    pub fn swipe_left(&mut self) -> CarouselEvent {
        let p = self.current();
        if p + 1 < PAGES {
            self.page = p + 1;
            CarouselEvent::Moved { page: self.page }
        } else {
            self.page = p;
            CarouselEvent::Unchanged
        }
    }

    /// Swipe right shows the previous page.
    pub fn swipe_right(&mut self) -> CarouselEvent {
        let p = self.current();
        if p > 0 {
            self.page = p - 1;
            CarouselEvent::Moved { page: self.page }
        } else {
            self.page = p;
            CarouselEvent::Unchanged
        }
    }

    /// × icon, close button and the back gesture all close, from every page.
    pub fn close(&mut self) -> CarouselEvent {
        CarouselEvent::Closed
    }

    pub fn handle(&mut self, gesture: CarouselGesture) -> CarouselEvent {
        match gesture {
            CarouselGesture::SwipeLeft => self.swipe_left(),
            CarouselGesture::SwipeRight => self.swipe_right(),
            CarouselGesture::CloseIcon | CarouselGesture::CloseButton | CarouselGesture::Back => {
                self.close()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CarouselEvent as E;
    use CarouselGesture as G;

    #[test]
    fn present_carousel_every_page_and_gesture() {
        let cases = [
            (0, G::SwipeLeft, E::Moved { page: 1 }, 1),
            (0, G::SwipeRight, E::Unchanged, 0),
            (1, G::SwipeLeft, E::Moved { page: 2 }, 2),
            (1, G::SwipeRight, E::Moved { page: 0 }, 0),
            (2, G::SwipeLeft, E::Unchanged, 2),
            (2, G::SwipeRight, E::Moved { page: 1 }, 1),
        ];
        for (from, g, ev, to) in cases {
            let mut s = CarouselState { page: from };
            assert_eq!(s.handle(g), ev, "{from} {g:?}");
            assert_eq!(s.page, to, "{from} {g:?}");
        }
        for from in 0..3 {
            for g in [G::CloseIcon, G::CloseButton, G::Back] {
                let mut s = CarouselState { page: from };
                assert_eq!(s.handle(g), E::Closed, "{from} {g:?}");
            }
        }
        let mut s = CarouselState { page: 99 };
        assert_eq!(s.swipe_left(), E::Unchanged);
        assert_eq!(s.page, 2);
        assert_eq!(CarouselState::new().page, 0);
    }

    #[test]
    fn present_carousel_pages() {
        let c = help_carousel();
        let ids: Vec<_> = c.pages.iter().map(|p| p.illustration_id.as_str()).collect();
        assert_eq!(
            ids,
            ["card_gen1_front", "card_gen2_front", "card_specified_front"]
        );
        assert_eq!(
            c.pages[0].caption.en,
            "First-generation residence cards and certificates: the card number is at the top right of the front (2 letters, 8 digits, 2 letters)."
        );
        assert_eq!(
            c.pages[1].caption.ja,
            "第二世代の在留カード・特別永住者証明書：表面の「番号 / NUMBER」と書かれた欄の英数字12桁が在留カード等番号です。"
        );
        assert_eq!(
            c.pages[1].accessibility.en,
            "Drawing of the front of a second-generation residence card. Look for the 12 characters labelled 番号 / NUMBER. Page 2 of 3."
        );
        // Pages 2–3 never claim a position the manuals do not state in text, nor a marked spot.
        for p in &c.pages[1..] {
            assert!(!p.accessibility.en.contains("marked") && !p.accessibility.ja.contains("示されて"));
            for word in ["right", "left", "top", "bottom", "右", "左", "上", "下"] {
                assert!(
                    !p.caption.en.contains(word) && !p.caption.ja.contains(word),
                    "{word}"
                );
            }
        }
    }
}
