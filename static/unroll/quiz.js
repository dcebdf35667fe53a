// The quiz editor: an Ace YAML editor over the quiz.yaml textarea (the form still posts the
// textarea, as plain HTML would), the loader's problems marked on their lines, and the
// computation of the predict answers polled while a grading worker runs it.
(function () {
  "use strict";
  const root = document.getElementById("quiz-authoring");
  if (!root) return;

  const textarea = document.querySelector("textarea[data-editor]");
  const editor = textarea ? attachEditor(textarea) : null;
  markProblems(readJson("quiz-problems"));
  setUpComputation();

  function attachEditor(area) {
    const holder = document.createElement("div");
    holder.className = "editor field-editor quiz-editor";
    holder.setAttribute("aria-label", "quiz.yaml editor");
    area.after(holder);
    const ace_editor = ace.edit(holder, {
      mode: "ace/mode/yaml",
      theme: "ace/theme/chrome",
      tabSize: 2,
      useSoftTabs: true,
      fontSize: 14,
      minLines: 24,
      maxLines: 60,
      showPrintMargin: false,
    });
    ace_editor.setValue(area.value, -1);
    ace_editor.session.on("change", () => { area.value = ace_editor.getValue(); });
    area.hidden = true;
    window.unrollQuizEditor = ace_editor;
    return ace_editor;
  }

  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : [];
  }

  // Each problem the server found, as a gutter mark on its line (those without a line stay in the list).
  function markProblems(problems) {
    if (!editor || !problems) return;
    editor.session.setAnnotations(problems.filter((p) => p.line).map((p) => ({
      row: p.line - 1,
      column: 0,
      type: "error",
      text: (p.where ? p.where + ": " : "") + p.message,
    })));
  }

  function setUpComputation() {
    const state = document.getElementById("computation-state");
    if (!state || !root.dataset.statusUrl) return;
    show({
      status: state.dataset.status,
      current: state.dataset.current === "true",
      publishable: state.dataset.publishable === "true",
      errors: null,
      answers: null,
    });
    if (state.dataset.status === "queued" || state.dataset.status === "running") poll();
  }

  async function poll() {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      let data;
      try {
        const response = await fetch(root.dataset.statusUrl, { credentials: "same-origin" });
        if (!response.ok) continue;
        data = await response.json();
      } catch (error) {
        continue;
      }
      show(data);
      if (data.status === "done") return;
    }
  }

  function show(data) {
    const state = document.getElementById("computation-state");
    const messages = {
      none: "Not computed yet: save the quiz to have its answers computed.",
      queued: "Waiting for a grading worker…",
      running: "The grader is running the predict snippets…",
    };
    if (data.status !== "done") state.textContent = messages[data.status] || data.status;
    else if (!data.current) state.textContent = "The text changed since the answers were computed: save it again to publish.";
    else if (data.publishable) state.textContent = "Every answer is computed. Ready to publish.";
    else state.textContent = "A snippet failed in the grader: fix what is listed, then save again.";
    document.getElementById("publish").disabled = !data.publishable;
    if (data.errors) {
      showErrors(data.errors);
      if (data.current) markProblems(data.errors);
    }
    if (data.answers) showAnswers(data.answers);
  }

  function showErrors(errors) {
    document.getElementById("computation-errors").replaceChildren(...errors.map((error) => {
      const item = document.createElement("li");
      item.textContent = (error.line ? "line " + error.line + " · " : "") + (error.where ? error.where + ": " : "") + error.message;
      return item;
    }));
  }

  function showAnswers(questions) {
    document.getElementById("computed-answers").replaceChildren(...questions.map((question) => {
      const line = document.createElement("p");
      const key = document.createElement("code");
      key.textContent = question.key;
      const shapes = Object.entries(question.answers).map(([label, shape]) => label + " → (" + shape.join(", ") + ")");
      line.append(key, ": " + shapes.join("; "));
      return line;
    }));
  }
})();
