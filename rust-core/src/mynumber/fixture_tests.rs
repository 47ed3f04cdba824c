//! Parsers and verifications pinned on the real JPKI test-card bytes myna-card ships.
