// Starts `seg lsp` for .seg files (settings: seg.path, seg.args).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("seg");
  const command = config.get("path") || "seg";
  const args = ["lsp", ...(config.get("args") || [])];
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  client = new LanguageClient(
    "seg",
    "Seg",
    { command, args, options: { cwd } },
    { documentSelector: [{ scheme: "file", language: "seg" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
