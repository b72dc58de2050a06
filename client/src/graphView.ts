// "Gen: Show Pipeline Graph": a webview beside the editor that draws the pipeline under the cursor
// (`gen/pipelineGraph`, drawn by the server), follows edits and the cursor, and reveals a stage
// when its node is clicked. The page itself is in graphPage.ts.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { webviewHtml } from "./graphPage";

export const SHOW_GRAPH_COMMAND = "gen.showPipelineGraph";

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface GraphResult {
  uri: string;
  version: number;
  pipelines: string[];
  graph: { name: string; nodes: { id: string; nameRange: Range }[] };
  activeId?: string;
  svg: string;
  css: string;
}

export function registerGraphView(client: LanguageClient): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  /** The .gen editor the graph follows; kept while the webview has the focus. */
  let editor: vscode.TextEditor | undefined;
  /** A pipeline picked in the webview; the cursor moving into another pipeline drops it. */
  let pinned: string | undefined;
  let last: GraphResult | undefined;
  let ready = false;
  let requests = 0;
  let timer: NodeJS.Timeout | undefined;

  const isGen = (e: vscode.TextEditor | undefined): e is vscode.TextEditor => e?.document.languageId === "gen";

  async function update(): Promise<void> {
    if (!panel || !editor) return;
    const request = ++requests;
    const uri = editor.document.uri.toString();
    const position = editor.selection.active;
    const result = await client
      .sendRequest<GraphResult | null>("gen/pipelineGraph", { uri, position: { line: position.line, character: position.character }, pipeline: pinned })
      .catch(() => null);
    if (!panel || request !== requests) return; // a newer request is on its way
    if (!panel.webview.html) {
      // The page's style arrives with the first drawing when there is none yet.
      panel.webview.html = webviewHtml({ nonce: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString("base64"), cspSource: panel.webview.cspSource, css: result?.css ?? "" });
    }
    if (!result) {
      last = undefined;
      if (ready) void panel.webview.postMessage({ type: "empty", status: `No pipeline in ${vscode.workspace.asRelativePath(editor.document.uri)}` });
      return;
    }
    const sameDrawing = last && last.uri === result.uri && last.version === result.version && last.graph.name === result.graph.name;
    last = result;
    panel.title = `Graph: ${result.graph.name || "pipeline"}`;
    if (!ready) return; // the page asks once it runs ("ready")
    if (sameDrawing) void panel.webview.postMessage({ type: "active", activeId: result.activeId });
    else post(result);
  }

  function post(result: GraphResult): void {
    void panel?.webview.postMessage({
      type: "graph", uri: result.uri, svg: result.svg, css: result.css, pipeline: result.graph.name, pipelines: result.pipelines, activeId: result.activeId, version: result.version,
      status: vscode.workspace.asRelativePath(vscode.Uri.parse(result.uri)),
    });
  }

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), ms);
  };

  async function reveal(id: string): Promise<void> {
    const node = last?.graph.nodes.find((n) => n.id === id);
    if (!node || !last) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(last.uri));
    const shown = await vscode.window.showTextDocument(document, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const start = new vscode.Position(node.nameRange.start.line, node.nameRange.start.character);
    shown.selection = new vscode.Selection(start, start);
    shown.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  function show(): void {
    const active = vscode.window.activeTextEditor;
    if (isGen(active)) editor = active;
    if (!editor) {
      void vscode.window.showInformationMessage("Open a .gen file to see its pipeline graph.");
      return;
    }
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, true);
      void update();
      return;
    }
    panel = vscode.window.createWebviewPanel("gen.pipelineGraph", "Pipeline graph", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [], // the page loads nothing: its script and style are inline, under a nonce
      retainContextWhenHidden: false,
    });
    ready = false;
    last = undefined;
    panel.webview.onDidReceiveMessage((message: { type: string; id?: string; name?: string }) => {
      if (message.type === "ready") {
        ready = true;
        if (last) post(last);
        else void update();
      } else if (message.type === "reveal" && message.id) void reveal(message.id);
      else if (message.type === "pipeline" && message.name) {
        pinned = message.name;
        void update();
      }
    });
    panel.onDidChangeViewState(({ webviewPanel }) => {
      // A webview that was hidden lost its page; it loads again and says "ready".
      if (webviewPanel.visible && !ready) void update();
    });
    panel.onDidDispose(() => {
      panel = undefined;
      ready = false;
      last = undefined;
      pinned = undefined;
    });
    void update();
  }

  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, show),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (!isGen(e) || e === editor) return;
      editor = e;
      pinned = undefined;
      later(0);
    }),
    vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => {
      if (textEditor !== editor || !panel) return;
      pinned = undefined; // the cursor moved: the graph follows it again
      later(80);
    }),
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (panel && document === editor?.document) later(150);
    }),
    vscode.languages.onDidChangeDiagnostics(({ uris }) => {
      // The server checked again (a config or a `use`d file changed): the figures may have moved.
      if (panel && editor && uris.some((u) => u.toString() === editor!.document.uri.toString())) later(150);
    }),
    { dispose: () => { clearTimeout(timer); panel?.dispose(); } },
  );
}
