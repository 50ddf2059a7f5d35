// The llmlint extension: runs `llmlint server` (a language server on standard
// input and output) for the languages llmlint reads. Diagnostics, quick
// fixes, `source.fixAll.llmlint`, hover and llmlint.toml all come from the
// server; this file only starts, restarts and stops it.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

const LANGUAGES = [
  'python',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'rust',
  'yaml',
  'toml',
  'json',
  'jsonc',
  'dotenv',
  // Read for keys only.
  'shellscript',
  'dockerfile',
  'makefile',
  'markdown',
  'ini',
  'properties',
  'powershell',
  'plaintext',
];

const INSTALL =
  'Install llmlint (`cargo install --locked --git https://github.com/llmlint/llmlint llmlint` or `pipx install git+https://github.com/llmlint/llmlint`) or set `llmlint.path`.';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
// Starts and stops run one after another, however fast settings change.
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('llmlint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('llmlint.restart', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('llmlint.path')) {
        void restart();
      }
    }),
  );
  return enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration('llmlint');
  const configured = config.get<string>('path', '').trim();
  const command = configured || 'llmlint';
  const args = ['server'];
  // Looked up here rather than left to spawn: a missing executable is then
  // one message, not the client's own "couldn't create connection" as well.
  const executable = findExecutable(command);
  if (executable === undefined) {
    const reason = configured ? `no executable file at ${command}` : 'no `llmlint` on PATH';
    void vscode.window.showErrorMessage(`llmlint: could not start \`${command} server\`: ${reason}. ${INSTALL}`);
    return;
  }
  // Standard I/O, the default. Not `transport: TransportKind.stdio`: that
  // adds `--stdio`, which `llmlint server` rejects.
  const serverOptions: ServerOptions = { command: executable, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // Diagnostics are pulled: the server sees this client can pull, and then
    // pulls are all it answers with (it pushes to clients that cannot).
    outputChannel: output,
  };
  const created = new LanguageClient('llmlint', 'llmlint', serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
  } catch (e) {
    // The client has shown its error and logged the details.
    client = undefined;
    output?.appendLine(`llmlint: could not start \`${executable} ${args.join(' ')}\`: ${String(e)}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) {
    // A server that does not stop in time is ended by the client: go on.
    await running.stop().catch((e: unknown) => output?.appendLine(`llmlint: stopping the server: ${String(e)}`));
  }
}

/** The executable `command` names: a path (relative to the first workspace folder), or a name looked up on PATH. */
function findExecutable(command: string): string | undefined {
  if (command.includes('/') || command.includes(path.sep)) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const file = path.isAbsolute(command) || folder === undefined ? command : path.join(folder, command);
    return isExecutable(file) ? file : undefined;
  }
  const extensions =
    process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';')] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const extension of extensions) {
      const file = path.join(dir, command + extension);
      if (dir !== '' && isExecutable(file)) {
        return file;
      }
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
