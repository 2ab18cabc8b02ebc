//! Mutation fuzzing of the two readers a user feeds by hand: scenarios (TOML and CSV tables) and
//! schedules (JSON). Each case mutates a bundled scenario or a planned schedule a few times (bytes
//! cut, inserted, lines doubled or swapped, numbers made extreme, files dropped) and reads it; the
//! reader must answer with a scenario or a list of problems, never a panic. A schedule that reads
//! is then checked against the scenario, which must not panic either.
//!
//! `OUTREACH_FUZZ_CASES` sets the cases per reader (default 10,000, as CI runs it).

mod common;

use outreach::scenario::{self, bundled, Source};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn cases() -> usize {
    std::env::var("OUTREACH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// Pieces that make readers stumble: separators, quotes, line ends, marks, extreme numbers,
/// formulas, non-ASCII ids.
const PIECES: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "=",
    "[",
    "]",
    "{",
    "}",
    "0",
    "-1",
    "1e308",
    "-1e308",
    "1e-300",
    "NaN",
    "inf",
    "9223372036854775807",
    "2635249153387078803",
    "4294967296",
    "2027/1/6",
    "2027-02-30",
    "25:61",
    "=HYPERLINK(\"x\")",
    "陈医生",
    "V 1",
    "",
    "true",
    "null",
];

/// One mutation of `text`, at a char boundary.
fn mutate(text: &mut String, rng: &mut ChaCha8Rng) {
    let at = |rng: &mut ChaCha8Rng, t: &str| {
        let mut i = rng.gen_range(0..=t.len());
        while !t.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match rng.gen_range(0..7) {
        // Cut a range.
        0 => {
            let a = at(rng, text);
            let mut b = (a + rng.gen_range(1..40)).min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            text.replace_range(a..b, "");
        }
        // Insert a piece.
        1 | 2 => {
            let a = at(rng, text);
            text.insert_str(a, PIECES[rng.gen_range(0..PIECES.len())]);
        }
        // Replace a number with a piece.
        3 => {
            let starts: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            if let Some(&a) = starts.get(rng.gen_range(0..starts.len().max(1))) {
                let b = text[a..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(text.len(), |n| a + n);
                text.replace_range(a..b, PIECES[rng.gen_range(0..PIECES.len())]);
            }
        }
        // Double a line, or swap two.
        4 | 5 => {
            let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            if !lines.is_empty() {
                let i = rng.gen_range(0..lines.len());
                let j = rng.gen_range(0..lines.len());
                if rng.gen_bool(0.5) {
                    let l = lines[i].clone();
                    lines.insert(j, l);
                } else {
                    lines.swap(i, j);
                }
            }
            *text = lines.join("\n");
        }
        // Truncate.
        _ => {
            let a = at(rng, text);
            text.truncate(a);
        }
    }
}

fn files_of(name: &str) -> Vec<(String, String)> {
    match bundled::find(name) {
        Some(Source::Bundled { files, .. }) => files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        _ => panic!("{name} is bundled"),
    }
}

#[test]
fn mutated_scenarios_read_or_are_refused_never_panic() {
    let originals = [files_of("tiny"), files_of("ngamring-high-altitude")];
    // Zibo is large (1,228 sites): one case in 20, so that CI stays quick.
    let zibo = files_of("zibo-health-bus");
    let mut refused = 0;
    for case in 0..cases() {
        let mut rng = ChaCha8Rng::seed_from_u64(case as u64);
        let mut files = if case % 20 == 19 {
            zibo.clone()
        } else {
            originals[case % originals.len()].clone()
        };
        if rng.gen_bool(0.05) && files.len() > 1 {
            let drop = rng.gen_range(1..files.len());
            files.remove(drop);
        }
        for _ in 0..rng.gen_range(1..4) {
            let f = rng.gen_range(0..files.len());
            mutate(&mut files[f].1, &mut rng);
        }
        let source = Source::Memory {
            name: format!("case-{case}"),
            files: files.clone(),
        };
        let read = std::panic::catch_unwind(|| scenario::load(&source).map(|_| ()));
        match read {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                refused += 1;
                assert!(
                    !e.problems.is_empty(),
                    "case {case}: refused without a reason"
                );
                for p in &e.problems {
                    // In both languages: words, not the bare id of a message the catalogue lacks.
                    for lang in outreach::lang::Lang::ALL {
                        let m = p.message.render(lang);
                        assert!(
                            !m.trim().is_empty() && m != p.message.id,
                            "case {case}: no message in {lang} for {p:?}; files: {files:?}"
                        );
                    }
                }
            }
            Err(_) => {
                let dump: Vec<String> =
                    files.iter().map(|(n, t)| format!("--- {n}\n{t}")).collect();
                panic!(
                    "case {case}: the scenario reader panicked on:\n{}",
                    dump.join("\n")
                );
            }
        }
    }
    // Mutations that change nothing that matters also happen; most must be caught.
    assert!(
        refused > cases() / 4,
        "only {refused} of {} refused",
        cases()
    );
}

#[test]
fn mutated_schedules_read_or_are_refused_never_panic() {
    let s = common::bundled("tiny");
    let planned = common::plan(&s, 60.0);
    let text = outreach::export::schedule_json(&planned);
    let mut checked = 0;
    for case in 0..cases() {
        let mut rng = ChaCha8Rng::seed_from_u64(1_000_000 + case as u64);
        let mut t = text.clone();
        for _ in 0..rng.gen_range(1..4) {
            mutate(&mut t, &mut rng);
        }
        let outcome = std::panic::catch_unwind(|| match outreach::Schedule::from_json(&t) {
            Ok(schedule) => {
                let _ = outreach::check(&s, &schedule);
                true
            }
            Err(message) => {
                assert!(!message.trim().is_empty());
                false
            }
        });
        match outcome {
            Ok(read) => checked += usize::from(read),
            Err(_) => panic!("case {case}: reading or checking panicked on:\n{t}"),
        }
    }
    assert!(checked > 0, "some mutations keep a readable schedule");
}
