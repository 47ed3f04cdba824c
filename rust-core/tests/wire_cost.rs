//! Wire cost of a full read per card type, pinned: APDUs and bytes with extended lengths and on a
//! short-APDU-only transport, the extended read equal to the protocol minimum with no repeated
//! SELECT, no retry and no file read twice, and its modelled air time within 5% of the lower bound
//! at every bit rate (docs/performance.md explains the model and the minimum).

mod common;

use std::collections::HashSet;

use common::*;
use zairyu_core::airtime::{protocol_minimum, AirtimeTransceiver, BitRate, LinkModel};
use zairyu_core::chip::CardTypeCode;
use zairyu_core::session::WireStats;
use zairyu_core::softcard::SoftCard;
use zairyu_core::transport::NoProgress;
use zairyu_core::verify::Verdict;
use zairyu_core::{read_card, ReadOptions, Reading};

/// One pinned row: profile, card type, and the wire cost of the extended and the short read.
struct Expected {
    profile: &'static str,
    card_type: CardTypeCode,
    extended: WireStats,
    short: WireStats,
}

const fn stats(
    apdus: usize,
    bytes_sent: usize,
    bytes_received: usize,
    extended_length: bool,
) -> WireStats {
    WireStats {
        apdus,
        bytes_sent,
        bytes_received,
        extended_length,
    }
}

const EXPECTED: [Expected; 4] = [
    Expected {
        profile: "residence",
        card_type: CardTypeCode::Gen1Residence,
        extended: stats(15, 213, 12166, true),
        short: stats(65, 663, 12790, false),
    },
    Expected {
        profile: "sprc",
        card_type: CardTypeCode::Gen1Sprc,
        extended: stats(12, 192, 11913, true),
        short: stats(62, 648, 12537, false),
    },
    Expected {
        profile: "gen2-residence",
        card_type: CardTypeCode::Gen2Residence,
        extended: stats(16, 232, 9170, true),
        short: stats(53, 568, 9941, false),
    },
    Expected {
        profile: "gen2-sprc",
        card_type: CardTypeCode::Gen2Sprc,
        extended: stats(14, 218, 9109, true),
        short: stats(51, 558, 9880, false),
    },
];

fn options() -> ReadOptions {
    ReadOptions {
        trust: trust_both(),
        now_unix: Some(NOW),
        skip_image_decoding: true,
        ..ReadOptions::default()
    }
}

/// Reads `card` through the air-time recorder; returns the reading and the exchange sizes.
fn read_through_airtime(card: &SoftCard) -> (Reading, Vec<(usize, usize)>) {
    let number = card.profile().card_number().clone();
    let air = AirtimeTransceiver::new(card);
    let reading = read_card(&number, &air, &options(), &NoProgress).expect("read succeeds");
    (reading, air.exchanges())
}

fn extended_card(name: &str) -> SoftCard {
    SoftCard::with_seed(profile(name), 7)
}

fn short_card(name: &str) -> SoftCard {
    SoftCard::with_seed(profile(name).with_short_apdu_only(), 7)
}

#[test]
fn wire_cost_is_pinned_per_card_type() {
    for e in &EXPECTED {
        for (card, want) in [
            (extended_card(e.profile), e.extended),
            (short_card(e.profile), e.short),
        ] {
            let (reading, exchanges) = read_through_airtime(&card);
            assert_eq!(reading.card.type_code, e.card_type, "{}", e.profile);
            assert_eq!(
                reading.verification.verdict,
                Verdict::Normal,
                "{}",
                e.profile
            );
            assert_eq!(
                reading.wire, want,
                "{} (extended: {})",
                e.profile, want.extended_length
            );
            // The session's own count agrees with what crossed the transport.
            let sent: usize = exchanges.iter().map(|x| x.0).sum();
            let received: usize = exchanges.iter().map(|x| x.1).sum();
            assert_eq!(
                (exchanges.len(), sent, received),
                (want.apdus, want.bytes_sent, want.bytes_received)
            );
            assert_eq!(card.apdu_count(), want.apdus, "{}", e.profile);
        }
    }
}

#[test]
fn extended_read_is_the_protocol_minimum() {
    for e in &EXPECTED {
        let card = extended_card(e.profile);
        let (reading, _) = read_through_airtime(&card);
        let minimum = protocol_minimum(e.card_type).expect("readable card type");
        assert_eq!(reading.wire.apdus, minimum.apdus(), "{}", e.profile);

        let transcript = card.transcript();
        let mut selects = HashSet::new();
        let mut reads = HashSet::new();
        let mut current_df: Option<Vec<u8>> = None; // None = MF
        let (mut challenges, mut authentications, mut verifies) = (0, 0, 0);
        for (command, response) in &transcript {
            // No retries: nothing failed, so nothing needed repeating.
            assert_eq!(
                &response[response.len() - 2..],
                &[0x90, 0x00],
                "{}: every command succeeds",
                e.profile
            );
            match command[1] {
                0xA4 => {
                    let aid = command[5..].to_vec();
                    assert!(
                        selects.insert(aid.clone()),
                        "{}: a DF selected twice",
                        e.profile
                    );
                    current_df = Some(aid);
                }
                0xB0 => {
                    // Every read is a whole-file read by short EF identifier, never by offset.
                    assert_eq!(command[2] & 0x80, 0x80, "{}: read by offset", e.profile);
                    assert_eq!(command[3], 0, "{}", e.profile);
                    let file = (current_df.clone(), command[2] & 0x1F);
                    assert!(reads.insert(file), "{}: a file read twice", e.profile);
                }
                0x84 => challenges += 1,
                0x82 => authentications += 1,
                0x20 => verifies += 1,
                other => panic!("{}: unexpected INS {other:02X}", e.profile),
            }
        }
        assert_eq!(
            (challenges, authentications, verifies),
            (1, 1, 1),
            "{}",
            e.profile
        );
        assert_eq!(selects.len(), minimum.selects, "{}", e.profile);
        assert_eq!(
            reads.len(),
            minimum.mf_reads + minimum.df_reads,
            "{}",
            e.profile
        );
        // The MF files come first, while the MF is current after activation.
        let mf_reads = reads.iter().filter(|(df, _)| df.is_none()).count();
        assert_eq!(mf_reads, minimum.mf_reads, "{}", e.profile);
    }
}

#[test]
fn extended_read_air_time_is_within_five_percent_of_the_bound() {
    for e in &EXPECTED {
        let (_, exchanges) = read_through_airtime(&extended_card(e.profile));
        for rate in BitRate::ALL {
            let model = LinkModel::new(rate);
            let total = model.total(&exchanges).cycles;
            let bound = model.lower_bound_cycles(&exchanges);
            let ratio = total as f64 / bound as f64;
            eprintln!("{} {} kbit/s: {:.4}", e.profile, rate.kbps(), ratio);
            assert!(bound <= total, "{}", e.profile);
            assert!(
                total * 100 <= bound * 105,
                "{} at {} kbit/s: ratio {ratio:.4}",
                e.profile,
                rate.kbps()
            );
        }
    }
}

#[test]
fn short_read_costs_more_air_time_than_extended() {
    for e in &EXPECTED {
        let (_, extended) = read_through_airtime(&extended_card(e.profile));
        let (_, short) = read_through_airtime(&short_card(e.profile));
        for rate in BitRate::ALL {
            let model = LinkModel::new(rate);
            // The short read is charged against the same floor: the minimal (extended) read's.
            let bound = model.lower_bound_cycles(&extended);
            assert!(
                model.total(&short).cycles > model.total(&extended).cycles,
                "{}",
                e.profile
            );
            assert!(model.total(&short).cycles > bound, "{}", e.profile);
        }
    }
}
