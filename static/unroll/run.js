// The Run button: runs the editor's code in the grading sandbox (not graded, not an attempt), then polls the
// run and shows what it printed, model.summary(), each layer's output shape and the drawing of the model.
// The editor and the drawing are the page's own (exercise.js sets window.unrollEditor and
// window.unrollDrawingNode); every text goes in as text, the drawing's SVG as exercise.js inserts it.
(function () {
  "use strict";
  const button = document.getElementById("run");
  const root = document.getElementById("exercise");
  if (!button || !root) return;
  const output = document.getElementById("run-output");
  const state = document.getElementById("run-state");
  const pollMs = parseInt(root.dataset.pollMs, 10) || 250;
  button.addEventListener("click", run);

  function byId(id) {
    return document.getElementById(id);
  }

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function busy(on, message) {
    button.disabled = on;
    button.setAttribute("aria-busy", on ? "true" : "false");
    state.textContent = message || "";
  }

  async function run() {
    if (button.disabled) return;
    output.hidden = false;
    output.dataset.state = "running";
    busy(true, "Running…");
    let response;
    try {
      response = await fetch(button.dataset.runUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrfToken },
        body: JSON.stringify({ code: window.unrollEditor.getValue() }),
      });
    } catch (error) {
      finish("Could not reach the server. Check your connection and click Run again.");
      return;
    }
    const data = await response.json().catch(() => ({ error: "The server answered with an error (" + response.status + ")." }));
    if (!response.ok) {
      finish(data.error || "The run was refused.");
      return;
    }
    if (data.notice) state.textContent = data.notice;
    poll(data);
  }

  async function poll(current) {
    const started = Date.now();
    while (current.status !== "done") {
      const waited = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, waited < 2000 ? pollMs : waited < 6000 ? pollMs * 2 : pollMs * 4));
      let response;
      try {
        response = await fetch(current.status_url, { credentials: "same-origin" });
      } catch (error) {
        state.textContent = "Waiting for the server…";
        continue;
      }
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        current = data;
        if (current.status === "running") state.textContent = "Running…";
        continue;
      }
      if (response.status >= 500) {
        state.textContent = data.error || "Waiting for the server…";
        continue;
      }
      finish(data.error || "The run cannot be read (" + response.status + ").");
      return;
    }
    show(current.result);
  }

  // A run that could not start (refused, unreachable) shows only why.
  function finish(message) {
    show({ status: "error", error: message, stdout: "", stderr: "", summary: null, layers: [], drawing: null });
  }

  function show(result) {
    const error = byId("run-error");
    error.textContent = result.error || "";
    error.hidden = !result.error;
    byId("run-stdout").textContent = result.stdout || "(nothing)";
    byId("run-stderr").textContent = result.stderr || "";
    byId("run-stderr-section").hidden = !result.stderr;
    byId("run-summary").textContent = result.summary || "";
    byId("run-summary-section").hidden = !result.summary;
    byId("run-shapes").replaceChildren(...(result.layers || []).map((layer) => {
      const row = document.createElement("tr");
      row.append(cell(layer.name), cell(layer.class), cell(layer.output_shape));
      return row;
    }));
    byId("run-shapes-section").hidden = !(result.layers && result.layers.length);
    const drawing = result.drawing ? [window.unrollDrawingNode({ ...result.drawing, title: "Your model" })] : [];
    byId("run-drawing").replaceChildren(...drawing);
    byId("run-drawing-section").hidden = !result.drawing;
    output.dataset.state = result.status;
    busy(false, result.status === "ok" ? "Run finished: not graded, not an attempt." : "Run finished with an error: not graded, not an attempt.");
  }
})();
