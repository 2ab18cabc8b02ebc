//! Pieces of the command line that would crowd `main.rs`: benchmark reports, `--help` in Chinese
//! and progress bars.

pub mod bench;
pub mod help;

use indicatif::ProgressBar;

/// The sweep's progress bar over variations, with ETA.
pub struct SweepBar(pub ProgressBar);

impl outreach::sweep::Progress for SweepBar {
    fn start(&self, total: usize, resumed: usize) {
        self.0.set_length(total as u64);
        self.0.set_position(resumed as u64);
        self.0.reset_eta();
        if resumed > 0 {
            self.0.set_message(format!("({resumed} resumed)"));
        }
    }
    fn variation_done(&self, _: usize) {
        self.0.inc(1);
    }
}
