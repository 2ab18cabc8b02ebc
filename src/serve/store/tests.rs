use super::*;

#[test]
fn a_run_keeps_its_files_and_status_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let s = store
        .add_scenario(
            "tiny",
            "tiny.zip",
            &[("scenario.toml".into(), b"name = 'x'".to_vec())],
            "127.0.0.1",
            |id| crate::text!("lang-test", count = 1u32, name = id.to_string()),
        )
        .unwrap();
    let params = vec![("fleet".to_string(), "1".to_string())];
    let r = store
        .add_run(
            &s.to_string(),
            Kind::Plan,
            &params,
            "quick",
            Lang::Zh,
            "me",
            |id| crate::text!("lang-test", count = 2u32, name = id.to_string()),
        )
        .unwrap();
    store.set_status(r, Status::Running).unwrap();
    let figures = Figures {
        done: 1,
        total: 2,
        best: vec![Incumbent {
            component: 1,
            cost: 812.5,
            objective: 900.0,
            bound: Some(850.0),
            visits_required: 12,
            visits_met: 11,
            periods_done: 2,
            periods: 3,
        }],
    };
    store
        .finish_run(
            r,
            Status::Cancelled,
            Some("stopped"),
            &["[rule] x".into()],
            &figures,
            &[("calendars/a.ics".into(), b"BEGIN".to_vec())],
        )
        .unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let run = store.run(r).unwrap().unwrap();
    assert_eq!(run.status, Status::Cancelled);
    assert_eq!(run.params, params);
    assert_eq!(run.violations, vec!["[rule] x".to_string()]);
    assert_eq!(run.lang, Some(Lang::Zh));
    assert_eq!(run.figures, figures);
    assert_eq!(
        store.outputs_under(r, "calendars/").unwrap()[0].1,
        b"BEGIN".to_vec()
    );
    assert!(store.outputs_under(r, "print/").unwrap().is_empty());
    assert_eq!(store.scenario_files(s).unwrap().len(), 1);
    let log = store.log_lines(10).unwrap();
    assert_eq!(
        log[0].what.render(crate::lang::Lang::En),
        format!("2 visits to {r}")
    );
    assert_eq!(
        log[1].what.render(crate::lang::Lang::En),
        format!("1 visit to {s}")
    );
}

/// A database as the first workbench made it: no language, no figures, no schema version.
#[test]
fn an_old_database_opens_with_its_runs_and_gets_the_new_columns() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = Connection::open(dir.path().join("workbench.sqlite")).unwrap();
        db.execute_batch(SCHEMA).unwrap();
        db.execute(
            "INSERT INTO runs (scenario, kind, params, effort, status, created, finished, violations)
             VALUES ('tiny', 'plan', '[[\"fleet.B1\",\"2\"]]', 'quick', 'done', 5, 9, '[]')",
            [],
        )
        .unwrap();
        db.execute(
            "INSERT INTO outputs (run, path, bytes) VALUES (1, 'schedule.json', x'7b7d')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let run = store.run(1).unwrap().expect("the old run is there");
    assert_eq!(run.status, Status::Done);
    assert_eq!(run.params, vec![("fleet.B1".into(), "2".into())]);
    assert_eq!(run.lang, None);
    assert_eq!(run.figures, Figures::default());
    assert_eq!(
        store.output(1, "schedule.json").unwrap(),
        Some(b"{}".to_vec())
    );
    // The new columns work on it, and a second opening migrates nothing again.
    store
        .finish_run(
            1,
            Status::Done,
            None,
            &[],
            &Figures {
                done: 1,
                total: 1,
                best: vec![],
            },
            &[],
        )
        .unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.run(1).unwrap().unwrap().figures.total, 1);
    let version: i64 = store
        .db()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
}
