//! outreach: quarterly schedules for mobile health outreach — which vehicle, with which clinicians,
//! visits which villages on which day — solved as an integer program (good_lp + HiGHS) and checked
//! by an independent checker.
//!
//! The data flows one way: scenario → model → travel → tours → plan → schedule → check / export;
//! `sweep` and `bench` drive that pipeline from above.

pub mod bench;
pub mod calendar;
pub mod check;
pub mod export;
pub mod generate;
pub mod lang;
pub mod model;
pub mod plan;
pub mod replan;
pub mod rota;
pub mod scenario;
pub mod schedule;
pub mod serve;
pub mod sweep;
pub mod tours;
pub mod travel;

pub use check::{check, Violation};
pub use plan::{plan, Options};
pub use scenario::{load, load_dir, Scenario, ScenarioError, Source};
pub use schedule::Schedule;
