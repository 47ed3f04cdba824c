//! Writes the seed inputs of every target (or the ones named) to `<dir>/<target>/seed-<name>`.
//! Usage: make_seeds <dir> [targets...]

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: make_seeds <dir> [targets...]"));
    let wanted: Vec<String> = args.collect();
    for target in zairyu_fuzz::seeds::TARGETS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == target) {
            continue;
        }
        let out = dir.join(target);
        std::fs::create_dir_all(&out).expect("corpus directory");
        let seeds = zairyu_fuzz::seeds::seeds(target);
        for (name, bytes) in &seeds {
            std::fs::write(out.join(format!("seed-{name}")), bytes).expect("seed written");
        }
        println!("{target}: {} seeds", seeds.len());
    }
}
