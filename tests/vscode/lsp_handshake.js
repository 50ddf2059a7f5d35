// The language server through the protocol library the VS Code extension
// uses (vscode-jsonrpc, under vscode-languageclient), declaring what VS
// Code's client declares: initialize, open a Python file with a retired
// model, pull its diagnostics (a deprecated-model one, with a quick fix),
// and nothing may be pushed besides (VS Code would show it twice); then
// shutdown and exit. Run by tests/vscode/run.sh as
//   node lsp_handshake.js EXTENSION_DIR LLMLINT_BIN SAMPLE_FILE
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const { pathToFileURL } = require('url');

const [extensionDir, bin, sample] = process.argv.slice(2);
// vscode-jsonrpc as vscode-languageclient itself resolves it.
const fromExtension = createRequire(path.join(extensionDir, 'package.json'));
const fromClient = createRequire(fromExtension.resolve('vscode-languageclient/package.json'));
const fromProtocol = createRequire(fromClient.resolve('vscode-languageserver-protocol/package.json'));
const rpc = fromProtocol('vscode-jsonrpc/node');

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const server = spawn(bin, ['server'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  server.on('error', (e) => fail(`could not start ${bin} server: ${e.message}`));
  process.on('exit', () => server.kill());

  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );
  const uri = pathToFileURL(sample).href;
  let pushed = 0;
  connection.onNotification('textDocument/publishDiagnostics', () => pushed++);
  connection.onNotification('window/showMessage', (params) => console.error(`server message: ${params.message}`));
  connection.listen();

  const init = await within(10000, 'initialize response', connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(path.dirname(sample)).href,
    workspaceFolders: [{ uri: pathToFileURL(path.dirname(sample)).href, name: 'sample' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
      workspace: { diagnostics: { refreshSupport: true } },
    },
  }));
  const caps = init.capabilities || {};
  const kinds = (caps.codeActionProvider && caps.codeActionProvider.codeActionKinds) || [];
  if (!kinds.includes('source.fixAll.llmlint')) fail(`initialize: no source.fixAll.llmlint code action kind: ${JSON.stringify(caps)}`);
  if (!caps.hoverProvider) fail(`initialize: no hover: ${JSON.stringify(caps)}`);
  if (!caps.diagnosticProvider) fail(`initialize: no pull diagnostics for a client that pulls: ${JSON.stringify(caps)}`);
  await connection.sendNotification('initialized', {});

  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(sample, 'utf8') },
  });
  const report = await within(10000, 'textDocument/diagnostic response', connection.sendRequest('textDocument/diagnostic', {
    textDocument: { uri },
  }));
  const diagnostics = report.items || [];
  const found = diagnostics.find((d) => d.code === 'deprecated-model');
  if (!found) fail(`no deprecated-model diagnostic: ${JSON.stringify(diagnostics)}`);
  if (found.source !== 'llmlint') fail(`diagnostic source is ${JSON.stringify(found.source)}, not "llmlint"`);

  const actions = await within(10000, 'codeAction response', connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: found.range,
    context: { diagnostics: [found], only: ['quickfix'] },
  }));
  if (!(actions || []).some((a) => a.kind === 'quickfix' && a.edit)) fail(`no quick fix: ${JSON.stringify(actions)}`);

  await within(10000, 'shutdown response', connection.sendRequest('shutdown'));
  if (pushed > 0) fail(`${pushed} publishDiagnostics to a client that pulls: VS Code would show each finding twice`);
  await connection.sendNotification('exit');
  const { code, signal } = await within(10000, 'exit', exited);
  if (code !== 0) fail(`the server exited with ${code === null ? signal : code} after exit`);
  connection.dispose();
  console.log(`${found.code} at line ${found.range.start.line + 1}: ${found.message.split('\n')[0]}`);
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));
