//! A real single-node Slurm cluster: the test installs Slurm and MUNGE when missing
//! (`tools/setup-slurm`), writes their configuration into a temporary folder, starts `munged`,
//! `slurmctld` and `slurmd`, submits job arrays with `sbatch --array` (a sweep of `tiny` and a
//! sharded plan of a generated province), waits for them, merges, compares with the unsharded runs,
//! and stops the daemons (also when it fails). Skipped, with a message, only where the packages
//! cannot be installed.

mod common;

use common::{outreach, succeeds};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The daemons this test started, stopped when it ends however it ends.
struct Cluster {
    dir: PathBuf,
    conf: PathBuf,
    daemons: Vec<(&'static str, Child)>,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // The node and the controller first, so no job is started as MUNGE goes.
        for (_, child) in self.daemons.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Cluster {
    fn start(dir: &Path) -> Cluster {
        let mut cluster = Cluster {
            dir: dir.to_path_buf(),
            conf: dir.join("slurm.conf"),
            daemons: Vec::new(),
        };
        for sub in ["state", "spool", "logs"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        // MUNGE, with a key of its own and its socket in the folder.
        let key = dir.join("munge.key");
        let mut bytes = vec![0u8; 1024];
        std::fs::File::open("/dev/urandom")
            .unwrap()
            .read_exact(&mut bytes)
            .unwrap();
        std::fs::write(&key, &bytes).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o400)).unwrap();
        let socket = dir.join("munge.socket");
        let munged = Command::new("munged")
            .args(["--foreground", "--force"])
            .arg(format!("--key-file={}", key.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!(
                "--log-file={}",
                dir.join("logs/munged.log").display()
            ))
            .arg(format!("--pid-file={}", dir.join("munged.pid").display()))
            .arg(format!("--seed-file={}", dir.join("munged.seed").display()))
            .stdout(Stdio::null())
            .stderr(log(dir, "munged.err"))
            .spawn()
            .expect("munged starts");
        cluster.daemons.push(("munged", munged));
        cluster.wait_for("the MUNGE socket", || socket.exists());
        // The controller must run on a host of that name; the node may have any.
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().split('.').next().unwrap_or("").to_string())
            .unwrap_or_default();
        assert!(!host.is_empty(), "this machine has no host name");
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let d = dir.display();
        let conf = format!(
            "ClusterName=outreach-test\n\
             SlurmctldHost={host}(127.0.0.1)\n\
             SlurmUser=root\nSlurmdUser=root\n\
             AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket={socket}\n\
             StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\n\
             SlurmctldPidFile={d}/slurmctld.pid\nSlurmdPidFile={d}/slurmd.pid\n\
             SlurmctldLogFile={d}/logs/slurmctld.log\nSlurmdLogFile={d}/logs/slurmd.log\n\
             SlurmctldPort={}\nSlurmdPort={}\n\
             ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n\
             SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n\
             SchedulerType=sched/builtin\nJobCompType=jobcomp/none\n\
             AccountingStorageType=accounting_storage/none\nJobAcctGatherType=jobacct_gather/none\n\
             MpiDefault=none\nReturnToService=2\nSlurmdParameters=config_overrides\n\
             NodeName=outreach-node NodeAddr=127.0.0.1 CPUs={cpus} State=UNKNOWN\n\
             PartitionName=main Nodes=ALL Default=YES MaxTime=30 State=UP\n",
            free_port(),
            free_port(),
            socket = socket.display(),
        );
        std::fs::write(&cluster.conf, conf).unwrap();
        let ctld = Command::new("slurmctld")
            .args(["-D", "-c", "-f"])
            .arg(&cluster.conf)
            .env("SLURM_CONF", &cluster.conf)
            .stdout(log(dir, "slurmctld.out"))
            .stderr(log(dir, "slurmctld.err"))
            .spawn()
            .expect("slurmctld starts");
        cluster.daemons.push(("slurmctld", ctld));
        let slurmd = Command::new("slurmd")
            .args(["-D", "-N", "outreach-node", "-f"])
            .arg(&cluster.conf)
            .env("SLURM_CONF", &cluster.conf)
            .stdout(log(dir, "slurmd.out"))
            .stderr(log(dir, "slurmd.err"))
            .spawn()
            .expect("slurmd starts");
        cluster.daemons.push(("slurmd", slurmd));
        let conf = cluster.conf.clone();
        cluster.wait_for("the node to be idle", || {
            Command::new("sinfo")
                .args(["-h", "-o", "%t"])
                .env("SLURM_CONF", &conf)
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "idle")
        });
        cluster
    }

    /// Polls `ready` for up to a minute; on a timeout, fails with the daemons' logs.
    fn wait_for(&mut self, what: &str, mut ready: impl FnMut() -> bool) {
        let t0 = Instant::now();
        while !ready() {
            let ended = self
                .daemons
                .iter_mut()
                .find_map(|(name, child)| Some((*name, child.try_wait().ok()??)));
            if let Some((name, status)) = ended {
                panic!(
                    "{name} ended ({status}) waiting for {what}:\n{}",
                    self.logs()
                );
            }
            if t0.elapsed() > Duration::from_secs(60) {
                panic!("no {what} after 60 s:\n{}", self.logs());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn logs(&self) -> String {
        let mut all = String::new();
        if let Ok(entries) = std::fs::read_dir(self.dir.join("logs")) {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(25).collect();
                all.push_str(&format!("--- {}\n", p.display()));
                for l in tail.into_iter().rev() {
                    all.push_str(l);
                    all.push('\n');
                }
            }
        }
        all
    }

    /// Submits `script` as a job array of `tasks` tasks and waits for all of them; fails with the
    /// jobs' output and the daemons' logs when one fails.
    fn run_array(&self, name: &str, tasks: usize, script: &str) {
        let file = self.dir.join(format!("{name}.sh"));
        std::fs::write(&file, format!("#!/bin/bash\nset -e\n{script}\n")).unwrap();
        let run = Command::new("sbatch")
            .args(["--wait", "--parsable", "--time=20"])
            .arg(format!("--job-name={name}"))
            .arg(format!("--array=1-{tasks}"))
            .arg(format!(
                "--output={}/logs/{name}-%a.log",
                self.dir.display()
            ))
            .arg(&file)
            .env("SLURM_CONF", &self.conf)
            // The jobs inherit the submitter's environment; the test reads their English.
            .env("OUTREACH_LANG", "en")
            .output()
            .expect("sbatch runs");
        assert!(
            run.status.success(),
            "the {name} array failed: {}\n{}",
            String::from_utf8_lossy(&run.stderr),
            self.logs()
        );
    }
}

fn log(dir: &Path, name: &str) -> std::fs::File {
    std::fs::File::create(dir.join("logs").join(name)).unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Installs Slurm and MUNGE when missing; `Err` says why they cannot be had here.
fn setup() -> Result<(), String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/setup-slurm");
    let run = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| e.to_string())?;
    if !run.status.success() {
        return Err(String::from_utf8_lossy(&run.stderr).trim().to_string());
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `sweep.csv` without its `solve_seconds` column.
fn untimed_rows(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| l.rsplit_once(',').map_or(l, |(rest, _)| rest).to_string())
        .collect()
}

fn untimed_schedule(folder: &Path) -> String {
    let text = std::fs::read_to_string(folder.join("schedule.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["summary"]
        .as_object_mut()
        .unwrap()
        .remove("solve_seconds");
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn sweeps_and_sharded_plans_run_as_slurm_job_arrays() {
    if !is_root() {
        eprintln!("skipped: a Slurm node's daemons need root, and this test runs as another user");
        return;
    }
    if let Err(why) = setup() {
        eprintln!("skipped: Slurm and MUNGE cannot be installed here: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let exe = env!("CARGO_BIN_EXE_outreach");
    let cluster = Cluster::start(d);

    // A sweep of tiny: unsharded here, and as a job array of two shards on the cluster.
    let vary = "leave_rate=0,20%,40%";
    succeeds(
        outreach()
            .args(["sweep", "tiny", "--vary", vary, "--threads", "1", "--quiet"])
            .arg("--out")
            .arg(d.join("sweep-whole")),
    );
    cluster.run_array(
        "sweep",
        2,
        &format!(
            "'{exe}' sweep tiny --vary '{vary}' --threads 1 --quiet --out '{}/sweep/shard-'$SLURM_ARRAY_TASK_ID",
            d.display()
        ),
    );
    succeeds(
        outreach()
            .args(["sweep", "merge"])
            .arg(d.join("sweep/shard-1"))
            .arg(d.join("sweep/shard-2"))
            .arg("--out")
            .arg(d.join("sweep-merged")),
    );
    let whole = untimed_rows(&d.join("sweep-whole/sweep.csv"));
    assert_eq!(whole.len(), 4, "a header and three variations");
    assert_eq!(untimed_rows(&d.join("sweep-merged/sweep.csv")), whole);

    // A province of three small cities: planned whole here, and as three shards on the cluster,
    // each taking its shard from SLURM_ARRAY_TASK_ID.
    let scen = d.join("province");
    succeeds(
        outreach()
            .args([
                "generate", "province", "--cities", "3", "--from", "tiny", "--out",
            ])
            .arg(&scen),
    );
    succeeds(
        outreach()
            .arg("plan")
            .arg(&scen)
            .args(["--effort", "quick", "--threads", "1", "--quiet", "--out"])
            .arg(d.join("plan-whole")),
    );
    cluster.run_array(
        "plan",
        3,
        &format!(
            "'{exe}' plan '{}' --effort quick --threads 1 --quiet --out '{}/plan/shard-'$SLURM_ARRAY_TASK_ID",
            scen.display(),
            d.display()
        ),
    );
    let log = std::fs::read_to_string(d.join("logs/plan-2.log")).unwrap();
    assert!(log.contains("(from SLURM_ARRAY_TASK_ID)"), "{log}");
    succeeds(
        outreach()
            .args(["plan", "merge"])
            .args((1..=3).map(|k| d.join(format!("plan/shard-{k}"))))
            .arg("--out")
            .arg(d.join("plan-merged")),
    );
    assert_eq!(
        untimed_schedule(&d.join("plan-merged")),
        untimed_schedule(&d.join("plan-whole"))
    );
    drop(cluster);
}
