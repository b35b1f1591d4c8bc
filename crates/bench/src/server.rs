//! The real server as a child process on a loopback port, and what `/proc` says of it.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

/// A running `parlons-server`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Server {
    /// Starts the binary on the database under `data`, and waits until it answers.
    pub async fn start(binary: &Path, data: &Path) -> Result<Self, Box<dyn std::error::Error>> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(binary)
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .arg("--data")
            .arg(data)
            .arg("--dist")
            .arg(data.join("no-dist"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        let server = Self { child, base: format!("http://127.0.0.1:{port}") };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while http.get(format!("{}/api/v1/me", server.base)).send().await.is_err() {
            if Instant::now() > deadline {
                return Err("the server did not answer within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(server)
    }

    fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// The server's resident memory, in KiB.
    pub fn resident_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid().unwrap_or(0)));
        status
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
                line.split_whitespace().nth(1)?.parse().ok()
            })
            .unwrap_or(0)
    }

    /// The server's CPU time so far (user and system).
    pub fn cpu_time(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid().unwrap_or(0)));
        let ticks: u64 = stat
            .ok()
            .and_then(|s| {
                // Fields after the command name, which is in parentheses and may hold spaces.
                let after = s.rsplit_once(')')?.1.to_owned();
                let fields: Vec<&str> = after.split_whitespace().collect();
                Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
            })
            .unwrap_or(0);
        // The kernel counts in clock ticks of 1/100 s on Linux.
        Duration::from_millis(ticks * 10)
    }
}

/// The server's CPU use over a stretch of time, in cores.
pub struct CpuMeter {
    cpu: Duration,
    wall: Instant,
}

impl CpuMeter {
    pub fn start(server: &Server) -> Self {
        Self { cpu: server.cpu_time(), wall: Instant::now() }
    }

    pub fn cores(&self, server: &Server) -> f64 {
        (server.cpu_time() - self.cpu).as_secs_f64() / self.wall.elapsed().as_secs_f64()
    }
}
