//! Scenarios compiled into the binary, so `outreach plan` works from any folder.

use super::Source;

/// The scenario `outreach plan` runs without arguments.
pub const DEFAULT: &str = "zibo-health-bus";

/// Names of the bundled scenarios.
pub const NAMES: &[&str] = &["tiny", "zibo-health-bus", "ngamring-high-altitude"];

/// A bundled scenario by name (its TOML comes first).
pub fn find(name: &str) -> Option<Source> {
    match name {
        "tiny" => Some(Source::Bundled {
            name: "tiny",
            files: &[
                (
                    "scenario.toml",
                    include_str!("../../scenarios/tiny/scenario.toml"),
                ),
                ("bases.csv", include_str!("../../scenarios/tiny/bases.csv")),
                ("sites.csv", include_str!("../../scenarios/tiny/sites.csv")),
                (
                    "vehicles.csv",
                    include_str!("../../scenarios/tiny/vehicles.csv"),
                ),
                (
                    "clinicians.csv",
                    include_str!("../../scenarios/tiny/clinicians.csv"),
                ),
                (
                    "requirements.csv",
                    include_str!("../../scenarios/tiny/requirements.csv"),
                ),
                ("leave.csv", include_str!("../../scenarios/tiny/leave.csv")),
                (
                    "closures.csv",
                    include_str!("../../scenarios/tiny/closures.csv"),
                ),
            ],
        }),
        "zibo-health-bus" => Some(Source::Bundled {
            name: "zibo-health-bus",
            files: &[
                (
                    "scenario.toml",
                    include_str!("../../scenarios/zibo-health-bus/scenario.toml"),
                ),
                (
                    "bases.csv",
                    include_str!("../../scenarios/zibo-health-bus/bases.csv"),
                ),
                (
                    "sites.csv",
                    include_str!("../../scenarios/zibo-health-bus/sites.csv"),
                ),
                (
                    "vehicles.csv",
                    include_str!("../../scenarios/zibo-health-bus/vehicles.csv"),
                ),
                (
                    "clinicians.csv",
                    include_str!("../../scenarios/zibo-health-bus/clinicians.csv"),
                ),
                (
                    "requirements.csv",
                    include_str!("../../scenarios/zibo-health-bus/requirements.csv"),
                ),
                (
                    "leave.csv",
                    include_str!("../../scenarios/zibo-health-bus/leave.csv"),
                ),
                (
                    "closures.csv",
                    include_str!("../../scenarios/zibo-health-bus/closures.csv"),
                ),
            ],
        }),
        "ngamring-high-altitude" => Some(Source::Bundled {
            name: "ngamring-high-altitude",
            files: &[
                (
                    "scenario.toml",
                    include_str!("../../scenarios/ngamring-high-altitude/scenario.toml"),
                ),
                (
                    "bases.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/bases.csv"),
                ),
                (
                    "sites.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/sites.csv"),
                ),
                (
                    "vehicles.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/vehicles.csv"),
                ),
                (
                    "clinicians.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/clinicians.csv"),
                ),
                (
                    "requirements.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/requirements.csv"),
                ),
                (
                    "leave.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/leave.csv"),
                ),
                (
                    "closures.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/closures.csv"),
                ),
                (
                    "lodgings.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/lodgings.csv"),
                ),
                (
                    "teams.csv",
                    include_str!("../../scenarios/ngamring-high-altitude/teams.csv"),
                ),
            ],
        }),
        _ => None,
    }
}
