//! Standard I/O for the server, forgiving where `lsp-server`'s own is not: a
//! message that is not valid JSON-RPC is reported on standard error and
//! skipped, and the server goes on reading.

use std::io::{BufRead, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};

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

pub fn stdio() -> (Connection, Threads) {
    let (to_server, from_client): (Sender<Message>, Receiver<Message>) = bounded(0);
    let (to_client, from_server): (Sender<Message>, Receiver<Message>) = bounded(0);
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            match Message::read(&mut input) {
                Ok(Some(msg)) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if to_server.send(msg).is_err() || exit {
                        return;
                    }
                }
                Ok(None) => return,
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    eprintln!("llmlint server: skipped a malformed message: {e}");
                    // Resynchronise at the next header.
                    let _ = input.fill_buf();
                }
                Err(_) => return,
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
