//! A real SMTP server for the tests: it listens on a TCP port, speaks SMTP
//! (EHLO, MAIL, RCPT, DATA, QUIT) and keeps what it receives. It can be
//! stopped and started again on the same port to play an outage.
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The message's text: quoted-printable decoded (soft line breaks undone,
    /// `=XX` read), and base64 parts — as Arabic mail is sent — decoded and
    /// added after it, enough to search the text parts.
    pub fn text(&self) -> String {
        let mut text = self.quoted_printable();
        for part in self.data.split("Content-Transfer-Encoding: base64").skip(1) {
            let body = part.trim_start_matches(['\r', '\n']);
            // Up to the blank line or the boundary (`-` is no base64 letter).
            let mut encoded = String::new();
            for line in body.lines().take_while(|l| !l.is_empty()) {
                let (data, boundary) = line.split_once("--").map_or((line, false), |(data, _)| (data, true));
                encoded.push_str(data.trim());
                if boundary {
                    break;
                }
            }
            if let Ok(bytes) = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded.trim()) {
                text.push('\n');
                text.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
        text
    }

    fn quoted_printable(&self) -> String {
        let joined = self.data.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'='
                && i + 2 < bytes.len()
                && let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

pub struct SmtpServer {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
    handle: Option<JoinHandle<()>>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        SmtpServer::start_stalling(0).await
    }

    /// A relay that accepts its first `silent` connections and never says a
    /// word on them (not even the greeting); later ones are served normally.
    pub async fn start_stalling(silent: usize) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handle = Some(tokio::spawn(serve(listener, received.clone(), silent)));
        SmtpServer { port, received, handle }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops listening: connections are refused until `restart`.
    pub async fn stop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.abort();
            let _ = handle.await;
        }
    }

    pub async fn restart(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.expect("rebind the same port");
        self.handle = Some(tokio::spawn(serve(listener, self.received.clone(), 0)));
    }

    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

async fn serve(listener: TcpListener, received: Arc<Mutex<Vec<Received>>>, mut silent: usize) {
    let mut sessions = tokio::task::JoinSet::new();
    let mut held = Vec::new();
    loop {
        let Ok((socket, _)) = listener.accept().await else { break };
        if silent > 0 {
            // Keep the socket open and never answer.
            silent -= 1;
            held.push(socket);
            continue;
        }
        let received = received.clone();
        sessions.spawn(async move {
            let _ = session(socket, received).await;
        });
    }
}

async fn session(socket: tokio::net::TcpStream, received: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 cursus-test ESMTP\r\n").await?;
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            write.write_all(b"250-cursus-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n").await?;
        } else if upper.starts_with("HELO") {
            write.write_all(b"250 cursus-test\r\n").await?;
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..].trim().to_string();
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().to_string());
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
            }
            received.lock().expect("lock").push(Received { from: from.clone(), to: to.clone(), data });
            write.write_all(b"250 OK queued\r\n").await?;
        } else if upper == "RSET" || upper == "NOOP" {
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"502 Command not implemented\r\n").await?;
        }
    }
}
