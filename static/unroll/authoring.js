// The exercise authoring page: Ace editors for the code, YAML and Markdown fields, a live
// statement preview rendered and sanitized by the server, and the grader's proof polled while
// it runs (the editor and the polling are shared with quizzes: drafts.js).
(function () {
  "use strict";
  const root = document.getElementById("authoring");
  if (!root) return;
  window.unrollEditors = {};

  document.querySelectorAll("textarea[data-editor]").forEach(attachEditor);
  setUpPreview();
  setUpProof();

  function attachEditor(textarea) {
    const label = (textarea.labels[0] || {}).textContent || textarea.name;
    window.unrollEditors[textarea.name] = window.unrollDrafts.attachEditor(textarea, label, {
      mode: "ace/mode/" + textarea.dataset.editor,
      tabSize: textarea.dataset.editor === "python" ? 4 : 2,
      minLines: Math.max(2, parseInt(textarea.getAttribute("rows"), 10) || 6),
      maxLines: 40,
      wrap: textarea.dataset.editor === "markdown",
    });
  }

  function setUpPreview() {
    const statement = document.querySelector("textarea[name=statement]");
    const preview = document.getElementById("statement-preview");
    if (!statement || !preview) return;
    let timer = null;
    let sent = 0;
    const render = async () => {
      const ticket = ++sent;
      const body = new URLSearchParams({ statement: statement.value });
      try {
        const response = await fetch(root.dataset.previewUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": root.dataset.csrfToken },
          body,
        });
        const data = await response.json();
        // The server rendered and sanitized it (the same code as the learner's page), so it is inert.
        if (ticket === sent) preview.innerHTML = data.html;
      } catch (error) {
        preview.textContent = "The preview is unavailable; the statement is still saved with the form.";
      }
    };
    statement.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(render, 250);
    });
    render();
  }

  function setUpProof() {
    const state = document.getElementById("proof-state");
    if (!state || !root.dataset.proofUrl) return;
    const initial = { proven: state.dataset.proven === "true", results: null };
    window.unrollDrafts.followJob(state, root.dataset.proofUrl, initial, showState, 400);
  }

  function showState(proof) {
    const state = document.getElementById("proof-state");
    state.dataset.status = proof.status;
    state.dataset.proven = String(proof.proven);
    window.unrollDrafts.describeJob(state, proof, proof.proven, {
      none: "Not run yet. “Save and run the reference” grades the reference, the starter and every wrong answer.",
      queued: "Waiting for a grading worker…",
      running: "The grader is running the reference and the wrong answers…",
      stale: "The draft changed since this proof: run the reference again to publish.",
      ready: "Proven: the reference is accepted and every wrong answer gets its feedback. Ready to publish.",
      failed: "Not proven: fix what is marked ✗, then run the reference again.",
    });
    if (proof.results) showResults(proof.results);
  }

  function cell(text, className) {
    const td = document.createElement("td");
    if (className) {
      const span = document.createElement(className === "code" ? "code" : "span");
      if (className !== "code") span.className = className;
      span.textContent = text;
      td.append(span);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function showResults(results) {
    document.getElementById("proof-results").replaceChildren(...results.map((result) => {
      const row = document.createElement("tr");
      row.className = result.ok ? "pass" : "fail";
      row.dataset.file = result.file;
      row.append(
        cell(result.file, "code"),
        cell(result.expected),
        cell(result.verdict, "verdict verdict-" + result.verdict),
        cell(result.feedback),
        cell(result.ok ? "✓" : "✗ " + result.problem),
      );
      return row;
    }));
  }
})();
