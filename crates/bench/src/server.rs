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
    /// Starts the binary on the database at `database`, and waits until it answers.
    pub async fn start(
        binary: &Path,
        data: &Path,
        database: &str,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(binary)
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .arg("--data")
            .arg(data)
            .args(["--database", database])
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

    /// The server's process id (0 once it exited).
    pub fn pid(&self) -> u32 {
        self.child.id().unwrap_or(0)
    }

    /// The server's resident memory, in KiB.
    pub fn resident_kib(&self) -> u64 {
        resident_kib_of(self.pid())
    }

    /// The server's CPU time so far (user and system).
    pub fn cpu_time(&self) -> Duration {
        cpu_time(self.pid())
    }

    /// The bytes the server has written to storage so far (its database, its log).
    pub fn written_bytes(&self) -> u64 {
        let io = std::fs::read_to_string(format!("/proc/{}/io", self.pid()));
        io.ok()
            .and_then(|io| {
                io.lines().find_map(|l| l.strip_prefix("write_bytes:")?.trim().parse().ok())
            })
            .unwrap_or(0)
    }
}

/// A process's resident memory, in KiB (0 if it is gone).
pub fn resident_kib_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"));
    status
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// A process's CPU time so far (user and system), and its command name.
fn process_cpu(pid: u32) -> Option<(String, Duration)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces.
    let (before, after) = stat.rsplit_once(')')?;
    let name = before.split_once('(')?.1.to_owned();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel counts in clock ticks of 1/100 s on Linux.
    Some((name, Duration::from_millis(ticks * 10)))
}

fn cpu_time(pid: u32) -> Duration {
    process_cpu(pid).map_or(Duration::ZERO, |(_, cpu)| cpu)
}

/// The CPU time so far of every PostgreSQL process of the machine.
fn postgres_cpu_time() -> Duration {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Duration::ZERO };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(process_cpu)
        .filter(|(name, _)| name == "postgres")
        .map(|(_, cpu)| cpu)
        .sum()
}

/// Measures the CPU use of the servers, of the database and of the generator itself over a
/// stretch of time (which of them bounds a figure: they share the machine's cores), and what
/// the servers wrote.
pub struct UsageMeter {
    servers: Duration,
    database: Duration,
    generator: Duration,
    written: u64,
    wall: Instant,
}

/// What was used over a stretch of time: cores by each side, and the servers' CPU time and
/// writes to storage.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// By the servers.
    pub servers: f64,
    /// By PostgreSQL (0 on SQLite).
    pub database: f64,
    /// By this generator.
    pub generator: f64,
    /// The servers' CPU time, in all.
    pub server_time: Duration,
    /// What the servers wrote to storage meanwhile, in bytes.
    pub server_written: u64,
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Usage { servers, database, generator, .. } = self;
        write!(
            f,
            "CPU: server {servers:.2}, PostgreSQL {database:.2}, generator {generator:.2} cores"
        )
    }
}

impl UsageMeter {
    pub fn start(servers: &[Server]) -> Self {
        Self {
            servers: servers.iter().map(Server::cpu_time).sum(),
            database: postgres_cpu_time(),
            generator: cpu_time(std::process::id()),
            written: servers.iter().map(Server::written_bytes).sum(),
            wall: Instant::now(),
        }
    }

    /// What was used since the start.
    pub fn usage(&self, servers: &[Server]) -> Usage {
        let wall = self.wall.elapsed().as_secs_f64();
        let since = |now: Duration, then: Duration| now.saturating_sub(then).as_secs_f64() / wall;
        let server_time: Duration = servers.iter().map(Server::cpu_time).sum();
        let written: u64 = servers.iter().map(Server::written_bytes).sum();
        Usage {
            servers: since(server_time, self.servers),
            database: since(postgres_cpu_time(), self.database),
            generator: since(cpu_time(std::process::id()), self.generator),
            server_time: server_time.saturating_sub(self.servers),
            server_written: written.saturating_sub(self.written),
        }
    }
}
