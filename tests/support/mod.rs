//! Running the real binary in a pseudo-terminal and reading its screen (portable-pty +
//! vt100), for end-to-end tests.

#![allow(dead_code)]

pub mod demo;
pub mod drafts;
pub mod screen;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

pub struct Pty {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader thread when the terminal's output has ended (every slave closed).
    ended: Arc<AtomicBool>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// `env` with `k` set to `v` (in place of any value it had).
pub fn with(mut env: Vec<(String, String)>, k: &str, v: &str) -> Vec<(String, String)> {
    env.retain(|(key, _)| key != k);
    env.push((k.into(), v.into()));
    env
}

/// Environment for a hermetic run: config and data under `home`, a fixed clock.
pub fn env(home: &Path) -> Vec<(String, String)> {
    vec![
        ("HOME".into(), home.display().to_string()),
        (
            "XDG_CONFIG_HOME".into(),
            home.join("config").display().to_string(),
        ),
        (
            "XDG_DATA_HOME".into(),
            home.join("data").display().to_string(),
        ),
        (
            "FRONTDESK_SITE_CONFIG".into(),
            home.join("no-site.toml").display().to_string(),
        ),
        ("FRONTDESK_NOW".into(), "2026-11-23T09:30".into()),
        ("TERM".into(), "xterm-256color".into()),
        ("USER".into(), "e2e".into()),
    ]
}

impl Pty {
    pub fn spawn(args: &[&str], env: &[(String, String)], cols: u16, rows: u16) -> Pty {
        Pty::spawn_program(BIN, args, env, cols, rows)
    }

    /// Like [`Pty::spawn`], running `program` (e.g. `setpriv` with the binary among `args`).
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        env: &[(String, String)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let system = native_pty_system();
        let pair = system
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn frontdesk");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows > 0"),
            std::num::NonZeroU16::new(cols).expect("cols > 0"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let ended = Arc::new(AtomicBool::new(false));
        let (p, r, e) = (parser.clone(), raw.clone(), ended.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            e.store(true, Ordering::SeqCst);
        });
        Pty {
            child,
            writer,
            parser,
            raw,
            ended,
            _master: pair.master,
        }
    }

    pub fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text one character at a time, as a person would.
    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.send(&c.to_string());
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Looks at the screen's cells (attributes, colours).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.parser.lock().unwrap().screen())
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the bytes written to the terminal contain `needle`; panics with `what`
    /// if they never do (within 10 s, or once the output has ended without them). The
    /// process may have exited while its last bytes still sit in the pty for the reader
    /// thread: reading `raw_output` at once races that thread (under load it loses).
    pub fn expect_raw(&self, needle: &[u8], what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // Read the flag first: when it is set, every byte is already in `raw`.
            let ended = self.ended.load(Ordering::SeqCst);
            if self
                .raw
                .lock()
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle)
            {
                return;
            }
            if ended || Instant::now() >= deadline {
                panic!(
                    "{what}: {:?} never written",
                    String::from_utf8_lossy(needle)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `needle`; panics with the screen if it does not.
    pub fn expect(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.screen().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "screen never showed {needle:?}; it shows:\n{}",
            self.screen()
        );
    }

    /// Waits for the process to end; returns its exit code.
    pub fn wait_exit(&mut self, within: Duration) -> Option<u32> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Runs the binary to completion (no terminal) and returns (status, stdout, stderr).
pub fn run(args: &[&str], env: &[(String, String)]) -> (i32, String, String) {
    let out = std::process::Command::new(BIN)
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("run frontdesk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `nobody` account's user and group id.
pub const NOBODY: u32 = 65534;

/// Whether the tests run as root (only root can drop to another account).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Like [`run`], as the unprivileged `nobody` (needs root). `USER` is left as `env` says.
pub fn run_as_nobody(args: &[&str], env: &[(String, String)]) -> (i32, String, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // SAFETY: setgroups/setgid/setuid only, between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(NOBODY) != 0
                || libc::setuid(NOBODY) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().expect("run frontdesk as nobody");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Makes `db` a store that is set up (supervisor 1001, named and mapped like the OS user
/// of [`env`]), as a brand-new store's first-run setup would: tests of other screens start
/// on the desk, not on the setup.
pub fn ready_store(db: &Path, home: &Path) {
    let args = [
        "--db",
        db.to_str().unwrap(),
        "agents",
        "add",
        "1001",
        "e2e",
        "--supervisor",
        "--os-user",
        "e2e",
    ];
    let (code, out, err) = run(&args, &env(home));
    assert_eq!(code, 0, "agents add: {out}{err}");
}

// ---------------------------------------------------------------- a pty the test can hang up

/// A pseudo-terminal opened by hand (`/dev/ptmx`; every descriptor close-on-exec, so no
/// other child inherits the master) for the hang-up tests. portable-pty's reader holds a
/// duplicate of the master, so dropping a `Pty` never hangs its terminal up; here the test
/// owns every master descriptor and `hang_up` closes them all, as sshd does when the
/// connection drops.
pub struct RawPty {
    pub child: std::process::Child,
    master: Option<std::os::fd::OwnedFd>,
    writer: Option<std::fs::File>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reaped: bool,
}

/// How a process ended: its exit code, or 128 + the signal that killed it.
fn decode_wait_status(status: libc::c_int) -> i32 {
    if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    }
}

/// User + system CPU time of a live (or not yet reaped) process, from /proc.
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Some(Duration::from_micros(ticks * 1_000_000 / hz))
}

impl RawPty {
    /// Starts the binary in a new session with the pty's slave as stdin, stdout and
    /// stderr. With `controlling`, the slave becomes the session's controlling terminal
    /// (TIOCSCTTY, as sshd and tmux do), so a hang-up sends SIGHUP; without it no signal
    /// ever comes and only the descriptors tell.
    pub fn spawn(
        args: &[&str],
        env: &[(String, String)],
        cols: u16,
        rows: u16,
        controlling: bool,
    ) -> RawPty {
        use std::os::fd::{AsRawFd, OwnedFd};
        use std::os::unix::fs::OpenOptionsExt;
        use std::os::unix::process::CommandExt;
        use std::process::Stdio;

        // std opens with O_CLOEXEC.
        let master: OwnedFd = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY)
            .open("/dev/ptmx")
            .expect("open /dev/ptmx")
            .into();
        let fd = master.as_raw_fd();
        let mut name = [0 as libc::c_char; 128];
        // SAFETY: fd is an open pty master; name is a writable buffer of the given length.
        unsafe {
            assert_eq!(libc::grantpt(fd), 0, "grantpt");
            assert_eq!(libc::unlockpt(fd), 0, "unlockpt");
            assert_eq!(libc::ptsname_r(fd, name.as_mut_ptr(), name.len()), 0);
        }
        // SAFETY: ptsname_r wrote a NUL-terminated string into name.
        let slave_path = unsafe { std::ffi::CStr::from_ptr(name.as_ptr()) }
            .to_str()
            .expect("pty name")
            .to_string();
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize from the pointer.
        assert_eq!(unsafe { libc::ioctl(fd, libc::TIOCSWINSZ as _, &size) }, 0);
        let slave: OwnedFd = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY)
            .open(&slave_path)
            .expect("open the pty slave")
            .into();

        let mut cmd = std::process::Command::new(BIN);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::from(slave.try_clone().expect("dup slave")))
            .stdout(Stdio::from(slave.try_clone().expect("dup slave")))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls (setsid, ioctl) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if controlling && libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn frontdesk");
        // The Command holds the parent's copies of the slave: close them.
        drop(cmd);

        let writer = std::fs::File::from(master.try_clone().expect("dup master"));
        let mut reader = std::fs::File::from(master.try_clone().expect("dup master"));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows > 0"),
            std::num::NonZeroU16::new(cols).expect("cols > 0"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, r, s) = (parser.clone(), raw.clone(), stop.clone());
        let handle = std::thread::spawn(move || {
            let rfd = reader.as_raw_fd();
            let mut buf = [0u8; 8192];
            while !s.load(std::sync::atomic::Ordering::SeqCst) {
                let mut pfd = libc::pollfd {
                    fd: rfd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                let n = unsafe { libc::poll(&mut pfd, 1, 20) };
                if n <= 0 {
                    continue;
                }
                if pfd.revents & libc::POLLIN != 0 {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            p.lock().unwrap().process(&buf[..n]);
                            r.lock().unwrap().extend_from_slice(&buf[..n]);
                        }
                    }
                } else if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    break;
                }
            }
            // The reader's descriptor closes here.
        });
        RawPty {
            child,
            master: Some(master),
            writer: Some(writer),
            stop,
            reader: Some(handle),
            parser,
            raw,
            reaped: false,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, s: &str) {
        let w = self.writer.as_mut().expect("terminal already hung up");
        w.write_all(s.as_bytes()).unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.send(&c.to_string());
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Looks at the screen's cells (attributes, colours).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.parser.lock().unwrap().screen())
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn expect(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.screen().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "screen never showed {needle:?}; it shows:\n{}",
            self.screen()
        );
    }

    /// Closes every descriptor of the master side (the reader's last): the terminal is gone.
    pub fn hang_up(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.writer = None;
        self.master = None;
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
    }

    /// Waits up to `within` for the process to end; returns its exit code (128 + signal
    /// when killed) and the CPU time it used in all, from `wait4`'s resource usage.
    pub fn wait_exit_with_cpu(&mut self, within: Duration) -> Option<(i32, Duration)> {
        let deadline = Instant::now() + within;
        let pid = self.child.id() as libc::pid_t;
        loop {
            let mut status: libc::c_int = 0;
            // SAFETY: an all-zero rusage is valid; wait4 fills it.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: valid pointers; WNOHANG returns at once.
            let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
            if r == pid {
                self.reaped = true;
                let tv = |t: libc::timeval| {
                    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
                };
                return Some((
                    decode_wait_status(status),
                    tv(usage.ru_utime) + tv(usage.ru_stime),
                ));
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for RawPty {
    fn drop(&mut self) {
        if !self.reaped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
    }
}
pub mod appointments_fx;
pub mod kpi_fx;
