// The .vsix carries the licence texts of the repository (MIT OR Apache-2.0)
// as the one LICENSE file vsce looks for. Run by `vscode:prepublish`, so
// `vsce package` writes it; it is not committed (../../LICENSE-* are).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..', '..');
const texts = ['LICENSE-MIT', 'LICENSE-APACHE'].map((name) => fs.readFileSync(path.join(root, name), 'utf8'));
const notice = 'llmlint is licensed under either of the MIT license or the Apache License, Version 2.0, at your option.\n';
fs.writeFileSync(path.join(__dirname, '..', 'LICENSE'), [notice, ...texts].join('\n'));
