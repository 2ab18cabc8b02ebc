//! The README's Kubernetes Indexed Job manifests, checked against the batch/v1 Job schema as the
//! Kubernetes API types (k8s-openapi) define it: every field known and of its type (a field the
//! schema does not know would be dropped silently by a cluster's older client), and the job's
//! completions matching the shards its command asks for.

use k8s_openapi::api::batch::v1::Job;
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The README's ```yaml blocks that are Jobs.
fn job_manifests(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match (&mut block, line.trim_end()) {
            (None, "```yaml") => block = Some(String::new()),
            (Some(b), "```") => {
                if b.contains("kind: Job") {
                    out.push(b.clone());
                }
                block = None;
            }
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            _ => {}
        }
    }
    out
}

fn to_json(y: &Yaml) -> Result<Value, String> {
    Ok(match y {
        Yaml::Real(r) => Value::from(r.parse::<f64>().map_err(|e| format!("{r}: {e}"))?),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::from(s.clone()),
        Yaml::Boolean(b) => Value::from(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(to_json).collect::<Result<_, _>>()?),
        Yaml::Hash(h) => {
            let mut m = serde_json::Map::new();
            for (k, v) in h {
                let key = k
                    .as_str()
                    .ok_or_else(|| format!("a key that is not text: {k:?}"))?;
                m.insert(key.to_string(), to_json(v)?);
            }
            Value::Object(m)
        }
        Yaml::Null => Value::Null,
        other => return Err(format!("not plain YAML: {other:?}")),
    })
}

/// The paths where `a` has what `b` lacks or holds otherwise.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => differences(v, w, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: not a field of the Job schema")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                differences(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} read as {b}")),
        _ => {}
    }
}

/// Checks one manifest; the problems found.
fn check(manifest: &str) -> Vec<String> {
    let docs = match YamlLoader::load_from_str(manifest) {
        Ok(d) => d,
        Err(e) => return vec![format!("not YAML: {e}")],
    };
    let Some(doc) = docs.first() else {
        return vec!["empty".into()];
    };
    let value = match to_json(doc) {
        Ok(v) => v,
        Err(e) => return vec![e],
    };
    let job: Job = match serde_json::from_value(value.clone()) {
        Ok(j) => j,
        Err(e) => return vec![format!("not a batch/v1 Job: {e}")],
    };
    let mut problems = Vec::new();
    differences(
        &value,
        &serde_json::to_value(&job).unwrap(),
        "",
        &mut problems,
    );
    if value["apiVersion"] != "batch/v1" || value["kind"] != "Job" {
        problems.push("apiVersion and kind must be batch/v1 Job".into());
    }
    let Some(spec) = &job.spec else {
        problems.push("no spec".into());
        return problems;
    };
    if spec.completion_mode.as_deref() != Some("Indexed") {
        problems.push("completionMode is not Indexed: pods get no JOB_COMPLETION_INDEX".into());
    }
    let completions = spec.completions.unwrap_or(1);
    if spec.parallelism.unwrap_or(1) > completions {
        problems.push("parallelism exceeds completions".into());
    }
    let pod = spec.template.spec.as_ref();
    let restart = pod.and_then(|p| p.restart_policy.as_deref());
    if !matches!(restart, Some("Never") | Some("OnFailure")) {
        problems.push(format!(
            "a Job's pods restart Never or OnFailure, not {restart:?}"
        ));
    }
    let containers = pod.map(|p| p.containers.as_slice()).unwrap_or_default();
    if containers.is_empty() {
        problems.push("no container".into());
    }
    for c in containers {
        if c.image.is_none() {
            problems.push(format!("container {} has no image", c.name));
        }
        let line: String = c
            .command
            .iter()
            .chain(&c.args)
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let shards = line
            .split_whitespace()
            .skip_while(|w| *w != "--shards")
            .nth(1)
            .and_then(|n| n.parse::<i32>().ok());
        if shards != Some(completions) {
            problems.push(format!(
                "container {}: --shards {shards:?} is not the Job's {completions} completions",
                c.name
            ));
        }
        if !line.contains("$JOB_COMPLETION_INDEX") {
            problems.push(format!(
                "container {}: the output folder does not name $JOB_COMPLETION_INDEX, so the shards write over each other",
                c.name
            ));
        }
    }
    problems
}

#[test]
fn the_readme_manifests_are_valid_indexed_jobs() {
    let manifests = job_manifests(&readme());
    assert!(
        manifests.len() >= 2,
        "the README shows a sweep's and a plan's Job"
    );
    for m in &manifests {
        let problems = check(m);
        assert!(problems.is_empty(), "{problems:#?}\n{m}");
    }
    assert!(manifests.iter().any(|m| m.contains("outreach plan ")));
    assert!(manifests.iter().any(|m| m.contains("outreach sweep ")));
}

#[test]
fn the_check_finds_unknown_fields_wrong_types_and_mismatched_shards() {
    let good = job_manifests(&readme()).remove(0);
    assert!(check(&good).is_empty());
    let misspelt = good.replace("completionMode:", "completionMod:");
    let p = check(&misspelt);
    assert!(
        p.iter()
            .any(|x| x.contains(".spec.completionMod: not a field")),
        "{p:?}"
    );
    assert!(p.iter().any(|x| x.contains("not Indexed")), "{p:?}");
    let wrong_type = good.replace("completions: 8", "completions: eight");
    assert!(check(&wrong_type)[0].contains("not a batch/v1 Job"));
    let fewer = good.replace("completions: 8", "completions: 7");
    assert!(
        check(&fewer).iter().any(|x| x.contains("--shards Some(8)")),
        "{:?}",
        check(&fewer)
    );
    let no_name = good.replace("- name: sweep", "- nom: sweep");
    assert!(!check(&no_name).is_empty());
    let restarts = good.replace("restartPolicy: Never", "restartPolicy: Always");
    assert!(check(&restarts).iter().any(|x| x.contains("restart")));
}
