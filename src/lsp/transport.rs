//! Standard I/O for the server, forgiving where `lsp-server`'s own is not.
//! One bad message costs that message, never the session:
//! - a header line may end in CRLF or a bare LF, and may hold any bytes; a
//!   line that is not a header is skipped;
//! - a header line is read to at most [`MAX_HEADER_LINE`] bytes and a body
//!   to at most [`MAX_MESSAGE`]: a longer body is read and dropped in
//!   pieces, so a `Content-Length` of 100 GB costs no memory;
//! - a body that is not JSON-RPC is reported on standard error and skipped.

use std::io::{BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};

/// The largest message body kept. A document is linted up to the file
/// size limit (4 MiB by default); its JSON escapes can take six bytes per
/// character of text, and a client may send several changes in one message.
pub const MAX_MESSAGE: u64 = 64 * 1024 * 1024;
/// The longest header line kept; the rest of a longer line is dropped.
pub const MAX_HEADER_LINE: u64 = 8 * 1024;

pub struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Threads {
    pub fn join(self) {
        let _ = self.writer.join();
        // The reader may be blocked on standard input that never closes; it
        // ends with the process.
        drop(self.reader);
    }
}

/// What one read from the client gave.
#[derive(Debug)]
pub enum Read1 {
    Message(Message),
    /// A message was dropped, and why.
    Skipped(String),
    /// The input ended.
    End,
}

/// Read one message: headers up to a blank line, then the body the
/// `Content-Length` names.
pub fn read(input: &mut impl BufRead) -> Read1 {
    let mut length: Option<Result<u64, String>> = None;
    let mut line = Vec::new();
    let mut any = false;
    loop {
        line.clear();
        match read_line(input, &mut line) {
            Ok(0) => return if any { Read1::Skipped("the input ended inside a header".into()) } else { Read1::End },
            Ok(_) => {}
            Err(_) => return Read1::End,
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if any {
                break;
            }
            // Blank lines between messages are noise, not an empty header.
            continue;
        }
        any = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("Content-Length")
        {
            let value = value.trim();
            length = Some(value.parse::<u64>().map_err(|_| format!("a Content-Length of {value:?}")));
        }
    }
    let length = match length {
        None => return Read1::Skipped("a header without Content-Length".into()),
        Some(Err(e)) => return Read1::Skipped(e),
        Some(Ok(n)) => n,
    };
    if length > MAX_MESSAGE {
        // Read past it without keeping it, so the next message is found.
        return match std::io::copy(&mut input.take(length), &mut std::io::sink()) {
            Ok(n) if n == length => {
                Read1::Skipped(format!("a message of {length} bytes is over the {MAX_MESSAGE} byte limit"))
            }
            _ => Read1::End,
        };
    }
    let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
    match input.take(length).read_to_end(&mut body) {
        Ok(n) if n as u64 == length => {}
        _ => return Read1::End,
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(m) => Read1::Message(m),
        Err(e) => Read1::Skipped(format!("not a JSON-RPC message: {e}")),
    }
}

/// One line, `\n` included, of at most [`MAX_HEADER_LINE`] bytes kept; the
/// rest of a longer line is read and dropped. Returns the bytes consumed.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut consumed = input.take(MAX_HEADER_LINE).read_until(b'\n', line)?;
    if consumed as u64 == MAX_HEADER_LINE && !line.ends_with(b"\n") {
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = input.take(MAX_HEADER_LINE).read_until(b'\n', &mut rest)?;
            consumed += n;
            if n == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
    }
    Ok(consumed)
}

pub fn stdio() -> (Connection, Threads) {
    let (to_server, from_client): (Sender<Message>, Receiver<Message>) = bounded(0);
    let (to_client, from_server): (Sender<Message>, Receiver<Message>) = bounded(0);
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            match read(&mut input) {
                Read1::Message(msg) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if to_server.send(msg).is_err() || exit {
                        return;
                    }
                }
                Read1::Skipped(why) => eprintln!("llmlint server: skipped a message: {why}"),
                Read1::End => return,
            }
        }
    });
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for msg in from_server {
            if msg.write(&mut out).is_err() {
                return;
            }
            let _ = out.flush();
        }
    });
    (Connection { sender: to_client, receiver: from_client }, Threads { reader, writer })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;

    fn all(bytes: &[u8]) -> Vec<String> {
        let mut input = std::io::BufReader::new(bytes);
        let mut out = vec![];
        loop {
            match read(&mut input) {
                Read1::Message(Message::Request(r)) => out.push(format!("request {}", r.method)),
                Read1::Message(_) => out.push("other".into()),
                Read1::Skipped(why) => out.push(format!("skipped: {why}")),
                Read1::End => return out,
            }
        }
    }

    #[test]
    fn bare_lf_headers_other_headers_and_blank_lines_are_read() {
        let text = format!(
            "Content-Length: {}\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n{INIT}\r\n{}",
            INIT.len(),
            frame(INIT)
        );
        assert_eq!(all(text.as_bytes()), ["request initialize", "request initialize"]);
    }

    #[test]
    fn a_bad_header_costs_one_message() {
        let mut bytes = b"X-\xff\xfe: \x80\r\n".to_vec();
        bytes.extend(frame(INIT).as_bytes());
        bytes.extend(b"Content-Length: twelve\r\n\r\n");
        bytes.extend(frame(INIT).as_bytes());
        bytes.extend(b"no colon here\r\n\r\n");
        bytes.extend(frame("{not json").as_bytes());
        bytes.extend(frame(INIT).as_bytes());
        let got = all(&bytes);
        assert_eq!(got[0], "request initialize", "{got:?}");
        assert!(got[1].contains("\"twelve\""), "{got:?}");
        assert_eq!(got[2], "request initialize");
        assert!(got[3].contains("without Content-Length"), "{got:?}");
        assert!(got[4].contains("not a JSON-RPC message"), "{got:?}");
        assert_eq!(got[5], "request initialize");
        assert_eq!(got.len(), 6);
    }

    #[test]
    fn an_oversized_message_is_read_past_without_keeping_it() {
        let huge = MAX_MESSAGE + 10;
        let mut bytes = format!("Content-Length: {huge}\r\n\r\n").into_bytes();
        bytes.resize(bytes.len() + huge as usize, b' ');
        bytes.extend(frame(INIT).as_bytes());
        let got = all(&bytes);
        assert!(got[0].contains("over the"), "{got:?}");
        assert_eq!(got[1..], ["request initialize"]);
        // A length that claims more than the input holds ends the input.
        assert_eq!(all(b"Content-Length: 100000000000\r\n\r\n{}"), Vec::<String>::new());
        // A header line longer than the limit is dropped, and the next message read.
        let mut long = vec![b'a'; 3 * MAX_HEADER_LINE as usize];
        long.extend(b"\r\n");
        long.extend(frame(INIT).as_bytes());
        assert_eq!(all(&long), ["request initialize"]);
    }

    /// Random bytes and mutated frames: the reader never panics, always ends,
    /// and finds a well-formed message that follows a complete bad one.
    #[test]
    fn fuzzed_input_never_panics_and_always_ends() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pieces: [&[u8]; 9] = [
            b"Content-Length: ",
            b"\r\n",
            b"\n",
            b"\r\n\r\n",
            b"99999999999999999999999",
            b"12",
            b"\xff\xc3",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
            b":",
        ];
        for _ in 0..3000 {
            let mut bytes = vec![];
            for _ in 0..next() % 12 {
                if next().is_multiple_of(3) {
                    bytes.push(next() as u8);
                } else {
                    bytes.extend(pieces[(next() % pieces.len() as u64) as usize]);
                }
            }
            let _ = all(&bytes);
            // A complete frame after the noise, once the noise is closed by a
            // blank line and declares no length, is found.
            let mut closed: Vec<u8> = bytes.iter().copied().filter(|b| *b != b':').collect();
            closed.extend(b"\r\n\r\n");
            closed.extend(frame(INIT).as_bytes());
            assert_eq!(all(&closed).last().map(String::as_str), Some("request initialize"), "{closed:?}");
        }
    }
}
