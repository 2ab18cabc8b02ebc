//! Scenarios compiled into the binary, so `outreach plan` works from any folder.

use super::Source;

/// The scenario `outreach plan` runs without arguments.
pub const DEFAULT: &str = "zibo-health-bus";

/// Names of the bundled scenarios.
pub const NAMES: &[&str] = &["tiny", "zibo-health-bus", "ngamring-high-altitude"];

/// Names of the bundled expert-station scenarios (`kind = "expert-stations"`): planned by
/// `outreach plan` and checked by `outreach check`, not (yet) opened in the workbench.
pub const ROTA_NAMES: &[&str] = &["zibo-expert-stations", "weifang-specialist-rota"];

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
        "zibo-expert-stations" => Some(Source::Bundled {
            name: "zibo-expert-stations",
            files: &[
                (
                    "scenario.toml",
                    include_str!("../../scenarios/zibo-expert-stations/scenario.toml"),
                ),
                (
                    "hospitals.csv",
                    include_str!("../../scenarios/zibo-expert-stations/hospitals.csv"),
                ),
                (
                    "experts.csv",
                    include_str!("../../scenarios/zibo-expert-stations/experts.csv"),
                ),
                (
                    "stations.csv",
                    include_str!("../../scenarios/zibo-expert-stations/stations.csv"),
                ),
                (
                    "station_teams.csv",
                    include_str!("../../scenarios/zibo-expert-stations/station_teams.csv"),
                ),
            ],
        }),
        "weifang-specialist-rota" => Some(Source::Bundled {
            name: "weifang-specialist-rota",
            files: &[
                (
                    "scenario.toml",
                    include_str!("../../scenarios/weifang-specialist-rota/scenario.toml"),
                ),
                (
                    "hospitals.csv",
                    include_str!("../../scenarios/weifang-specialist-rota/hospitals.csv"),
                ),
                (
                    "experts.csv",
                    include_str!("../../scenarios/weifang-specialist-rota/experts.csv"),
                ),
                (
                    "stations.csv",
                    include_str!("../../scenarios/weifang-specialist-rota/stations.csv"),
                ),
                (
                    "station_teams.csv",
                    include_str!("../../scenarios/weifang-specialist-rota/station_teams.csv"),
                ),
            ],
        }),
        _ => None,
    }
}
