// The exercise page: an Ace editor (Python mode, line numbers, Tab indents; Esc then Tab leaves it), Submit and
// Ctrl/Cmd+Enter, then the verdict polled and shown without a page reload.
(function () {
  "use strict";
  const root = document.getElementById("exercise");
  if (!root) return;
  const textarea = document.getElementById("code");
  const button = document.getElementById("submit");
  const state = document.getElementById("submit-state");
  const pollMs = parseInt(root.dataset.pollMs, 10) || 250;

  const editor = ace.edit("editor", {
    mode: "ace/mode/python",
    theme: "ace/theme/chrome",
    tabSize: 4,
    useSoftTabs: true,
    fontSize: 14,
    minLines: 14,
    maxLines: 40,
    showPrintMargin: false,
  });
  unrollAceTheme(editor);
  editor.setValue(textarea.value, -1);
  textarea.hidden = true;
  editor.commands.addCommand({
    name: "submit",
    bindKey: { win: "Ctrl-Enter", mac: "Command-Enter" },
    exec: submit,
  });
  button.addEventListener("click", submit);
  letTabLeaveAfterEscape(editor);
  document.getElementById("reset-code").addEventListener("click", resetToStarter);
  pollTaskFigure();
  const hintButton = document.getElementById("next-hint");
  if (hintButton) hintButton.addEventListener("click", nextHint);
  window.unrollEditor = editor;
  window.unrollDrawingNode = drawingNode;  // the Run button's script (run.js) draws with it too

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function busy(on, message) {
    button.disabled = on;
    state.textContent = message || "";
    document.getElementById("grading-progress").hidden = !on;
  }

  // Tab indents, so the editor would trap the keyboard. Escape arms a way out: the next Tab (or Shift+Tab)
  // is kept from Ace (stopped on its way down, before Ace's own listener), so the browser moves the focus
  // on as for any field. Any other key disarms it. The page says so next to the editor (#editor-keys).
  function letTabLeaveAfterEscape(aceEditor) {
    const input = aceEditor.textInput.getElement();
    input.setAttribute("aria-describedby", "editor-keys");
    let leaving = false;
    aceEditor.container.addEventListener("keydown", (event) => {
      if (event.key === "Escape") leaving = true;
      else if (event.key === "Tab" && leaving) event.stopPropagation();
      else if (event.key !== "Shift") leaving = false;
    }, true);
    aceEditor.on("blur", () => { leaving = false; });
  }

  function resetToStarter() {
    if (!window.confirm("Replace the code in the editor with the starter code? Your submissions are kept.")) return;
    editor.setValue(JSON.parse(document.getElementById("starter-code").textContent), -1);
    editor.focus();
  }

  async function submit() {
    if (button.disabled) return;
    busy(true, "Submitting…");
    let response;
    try {
      response = await fetch(root.dataset.submitUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrfToken },
        body: JSON.stringify({ code: editor.getValue() }),
      });
    } catch (error) {
      busy(false, "Could not reach the server. Check your connection and submit again.");
      return;
    }
    const data = await response.json().catch(() => ({ error: "The server answered with an error (" + response.status + ")." }));
    if (!response.ok) {
      document.getElementById("result").hidden = true;  // the last verdict is not this code's
      busy(false, data.error || "The submission was refused.");
      return;
    }
    addToHistory(data);
    busy(true, data.notice || "Grading…");
    poll(data);
  }

  // Poll often while a verdict is due (a grading takes a fraction of a second), less when it has
  // waited a while, and less still the more submissions wait ahead of it: a class waiting on a
  // busy grader does not flood the site.
  function pollDelay(waitedMs, ahead) {
    const byWait = waitedMs < 2000 ? pollMs : waitedMs < 6000 ? pollMs * 2 : pollMs * 4;
    return Math.min(Math.max(byWait, pollMs * (1 + (ahead || 0) / 4)), 5000);
  }

  async function poll(submission) {
    const started = Date.now();
    while (submission.status !== "done") {
      await new Promise((resolve) => setTimeout(resolve, pollDelay(Date.now() - started, submission.ahead)));
      let response;
      try {
        response = await fetch(submission.status_url, { credentials: "same-origin" });
      } catch (error) {
        state.textContent = "Waiting for the server…";
        continue;
      }
      if (response.ok) {
        submission = await response.json();
        if (submission.ahead) state.textContent = waitingText(submission.ahead);
        else if (submission.status === "running") state.textContent = "Grading…";
        continue;
      }
      const data = await response.json().catch(() => ({}));
      if (response.status >= 500) {
        state.textContent = data.error || "Waiting for the server…";
        continue;
      }
      busy(false, data.error || "The verdict cannot be read (" + response.status + ").");
      return;
    }
    busy(false, "");
    showResult(submission);
    updateHistory(submission);
  }

  function waitingText(ahead) {
    return ahead === 1 ? "Queued: 1 submission ahead of yours…" : "Queued: " + ahead + " submissions ahead of yours…";
  }

  async function nextHint() {
    hintButton.disabled = true;
    const response = await fetch(root.dataset.hintUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": root.dataset.csrfToken },
    });
    const data = await response.json().catch(() => ({ error: "The server answered with an error." }));
    hintButton.disabled = false;
    if (!response.ok) {
      hintButton.hidden = true;
      state.textContent = data.error;
      return;
    }
    const list = document.getElementById("hint-list");
    list.replaceChildren(...data.hints.map(hintItem));
    hintButton.textContent = "Show a hint (" + data.remaining + " left)";
    hintButton.hidden = data.remaining === 0;
  }

  // A hint is Markdown the server rendered and sanitized (catalog.variants.rendered_hints): inserted as markup.
  function hintItem(html) {
    const item = el("li");
    item.innerHTML = html;
    return item;
  }

  function showResult(submission) {
    const result = document.getElementById("result");
    result.hidden = false;
    const verdict = document.getElementById("verdict");
    verdict.textContent = submission.label;
    verdict.className = "verdict verdict-" + submission.verdict;
    verdict.dataset.verdict = submission.verdict;
    document.getElementById("score").textContent = "score " + submission.score_text;  // the server's one rounding
    const feedback = document.getElementById("feedback");
    feedback.replaceChildren(...submission.feedback.map((message) => el("li", "", message)));
    const checks = document.getElementById("checks");
    checks.replaceChildren(...submission.checks.map((check) => {
      const row = el("tr", check.passed ? "pass" : "fail");
      row.append(el("td", "", check.name), el("td", "", (check.passed ? "✓ " : "✗ ") + check.message));
      return row;
    }));
    showFigures(submission.figures);
    showSolved(submission.solved);
    showReveal(submission.reveal);
    const usage = submission.usage || {};
    document.getElementById("usage").textContent = usage.wall_ms !== undefined
      ? "Ran in " + usage.wall_ms + " ms (CPU " + usage.cpu_ms + " ms, memory " + Math.round(usage.max_rss_kb / 1024) + " MB)."
      : "";
  }

  // A drawing's SVG is built by the server from layer facts with every text escaped (grader/drawing.py),
  // so it is inserted as markup; everything else goes in as text.
  function drawingNode(drawing) {
    const figure = el("figure", "drawing");
    figure.dataset.title = drawing.title;
    if (drawing.svg) {  // the drawing carries its own title
      const holder = el("div", "drawing-svg");
      holder.innerHTML = drawing.svg;
      figure.append(...holder.childNodes);
    } else {
      figure.append(el("figcaption", "", drawing.title));
      const table = el("table", "grid drawing-table");
      const head = el("tr");
      head.append(el("th", "", "Layer"), el("th", "", "Output shape"));
      table.append(head, ...drawing.table.map((row) => {
        const tr = el("tr");
        tr.append(el("td", "", row.layer), el("td", "", row.output_shape));
        return tr;
      }));
      figure.append(table);
    }
    const words = el("details", "in-words");
    const list = el("ol");
    list.append(...drawing.text.map((line) => el("li", "", line)));
    words.append(el("summary", "", "In words"), list);
    figure.append(words);
    return figure;
  }

  function showFigures(figures) {
    const section = document.getElementById("figures");
    section.hidden = !figures;
    if (!figures) return;
    document.getElementById("difference").textContent = figures.difference || "";
    document.getElementById("figure-pair").replaceChildren(drawingNode(figures.yours), drawingNode(figures.expected));
  }

  // After an accepted answer: the exercise's point (Markdown the server rendered and sanitized), how the
  // answer is written differently from the reference, and both models drawn. A later answer that is not
  // accepted hides it until the page is loaded again (the exercise stays solved).
  function showSolved(solved) {
    const section = document.getElementById("solved");
    section.hidden = !solved;
    if (!solved) return;
    const explanation = document.getElementById("explanation");
    explanation.innerHTML = solved.explanation_html || "";
    explanation.hidden = !solved.explanation_html;
    const equivalence = document.getElementById("equivalence");
    equivalence.textContent = solved.equivalence || "";
    equivalence.hidden = !solved.equivalence;
    const figures = solved.figures;
    document.getElementById("solved-figures").hidden = !figures;
    document.getElementById("solved-pair").replaceChildren(...(figures ? [drawingNode(figures.yours), drawingNode(figures.expected)] : []));
  }

  // The reference solution, sent by the server only once the learner has earned it (unroll.progress.reveal).
  function showReveal(reveal) {
    if (!reveal) return;
    document.getElementById("reveal-rule").hidden = true;
    document.getElementById("reveal-reason").textContent = reveal.message;
    document.getElementById("reveal-code").textContent = reveal.code;
    const explanation = document.getElementById("reveal-explanation");
    explanation.innerHTML = reveal.explanation_html || "";  // rendered and sanitized by the server
    explanation.hidden = !reveal.explanation_html;
    document.getElementById("reveal-body").hidden = false;
  }

  // The picture of the task is asked for with a POST (a worker derives it: loading the page enqueues
  // nothing), then polled with GETs until it is drawn.
  async function pollTaskFigure() {
    const holder = document.getElementById("task-figure");
    if (!holder || !holder.dataset.figureUrl) return;
    const ask = { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": root.dataset.csrfToken } };
    let asked = false;
    for (let tries = 0; tries < 120; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        const response = await fetch(holder.dataset.figureUrl, asked ? { credentials: "same-origin" } : ask);
        asked = asked || response.ok;
        const data = response.ok ? await response.json() : null;
        if (data && data.ready) {
          holder.replaceChildren(drawingNode(data.figure));
          return;
        }
      } catch (error) {
        // The server is unreachable for a moment: try again.
      }
    }
    holder.replaceChildren(el("p", "help", "The picture of the task is not ready; reload the page to try again."));
  }

  // The same markup as templates/submissions/_history_item.html, from the JSON's number, label and created_label.
  function historyItem(submission, code) {
    const item = el("li", "history-item");
    item.dataset.id = submission.id;
    item.value = submission.number;
    const details = el("details");
    const summary = el("summary");
    const time = el("time", "", submission.created_label);
    time.dateTime = submission.created_at;
    const kind = submission.verdict || submission.status;
    summary.append(el("span", "number", "Submission " + submission.number), " ", el("span", "verdict verdict-" + kind, submission.label), " ", time);
    const link = el("a", "open-submission", "Open submission " + submission.number + " on its own page");
    link.href = submission.url;
    const pre = el("pre", "code");
    pre.tabIndex = 0; // a long line scrolls it sideways: the keyboard must reach it
    pre.append(el("code", "", code));
    details.append(summary, link, pre);
    item.append(details);
    return item;
  }

  function addToHistory(submission) {
    const history = document.getElementById("history");
    history.querySelectorAll(".empty").forEach((node) => node.remove());
    history.prepend(historyItem(submission, editor.getValue()));
    history.start = submission.number;
  }

  function updateHistory(submission) {
    const label = document.querySelector('#history [data-id="' + submission.id + '"] .verdict');
    if (label) {
      label.textContent = submission.label;
      label.className = "verdict verdict-" + submission.verdict;
    }
  }
})();
