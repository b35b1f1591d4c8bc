//! The real server binary on a loopback port, for the tests that need a process: killing
//! it, or measuring its memory.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The real server binary, on one port and one database across restarts.
pub struct Server {
    pub port: u16,
    data: tempfile::TempDir,
    database: String,
    child: Option<Child>,
    pub base: String,
}

impl Server {
    pub async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let data = tempfile::tempdir().unwrap();
        let database = crate::common::fresh_database(data.path()).await;
        let base = format!("http://127.0.0.1:{port}");
        let mut server = Server { port, data, database, child: None, base };
        server.spawn();
        server
    }

    pub fn spawn(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_parlons-server"))
            .args(["--addr", &format!("127.0.0.1:{}", self.port), "--demo", "--data"])
            .arg(self.data.path())
            .arg("--database")
            .arg(&self.database)
            .arg("--dist")
            .arg(self.data.path().join("no-dist"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
    }

    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("a running server").id()
    }

    /// Kills the server as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub async fn wait_ready(&self, http: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if http.get(format!("{}/api/v1/me", self.base)).send().await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the server did not come back within 30 s");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A process's resident memory in KiB (Linux's `/proc`), while it runs.
pub fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Logs in with the demo password: the `Cookie` header value of the new session.
pub async fn log_in(http: &reqwest::Client, base: &str, email: &str) -> String {
    let answer = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "email": email, "password": "parlons-demo" }))
        .send()
        .await
        .unwrap();
    let set_cookie = answer.headers()[reqwest::header::SET_COOKIE].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}
