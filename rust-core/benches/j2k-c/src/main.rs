//! `j2k-c-bench ITERATIONS IMAGE OUT.rgba`: decodes IMAGE to RGBA with jpeg2k's C back-end
//! ITERATIONS times in process, prints the median nanoseconds per decode, writes the last RGBA.
//! The conversion to RGBA is the same as the image module's for 8-bit components.

use std::time::Instant;

fn rgba(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let image = jpeg2k::Image::from_bytes(bytes).expect("decodes");
    let (w, h) = (image.orig_width(), image.orig_height());
    let comps = image.components();
    let planes: Vec<&[i32]> = comps.iter().map(|c| c.data()).collect();
    let mut out = Vec::with_capacity((w * h * 4) as usize);
    for i in 0..(w * h) as usize {
        let v = |c: usize| planes[c][i].clamp(0, 255) as u8;
        match planes.len() {
            1 => out.extend_from_slice(&[v(0), v(0), v(0), 255]),
            3 => out.extend_from_slice(&[v(0), v(1), v(2), 255]),
            _ => out.extend_from_slice(&[v(0), v(1), v(2), v(3)]),
        }
    }
    (w, h, out)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    assert_eq!(args.len(), 4, "usage: j2k-c-bench ITERATIONS IMAGE OUT.rgba");
    let iterations: usize = args[1].parse().expect("iterations");
    let bytes = std::fs::read(&args[2]).expect("image file");
    let mut times = Vec::with_capacity(iterations);
    let mut last = None;
    for _ in 0..iterations {
        let start = Instant::now();
        let decoded = rgba(std::hint::black_box(&bytes));
        times.push(start.elapsed().as_nanos());
        last = Some(decoded);
    }
    times.sort_unstable();
    let (w, h, pixels) = last.expect("at least one iteration");
    std::fs::write(&args[3], pixels).expect("write RGBA");
    println!("median_ns {} width {} height {} iterations {}", times[iterations / 2], w, h, iterations);
}
