// The quiz editor: an Ace YAML editor over the quiz.yaml textarea, the loader's problems marked
// on their lines, and the computation of the predict answers polled while a grading worker runs
// it (the editor and the polling are shared with exercises: drafts.js).
(function () {
  "use strict";
  const root = document.getElementById("quiz-authoring");
  if (!root) return;

  const textarea = document.querySelector("textarea[data-editor]");
  const editor = textarea ? attachEditor(textarea) : null;
  markProblems(readJson("quiz-problems"));
  setUpComputation();

  function attachEditor(area) {
    const options = { mode: "ace/mode/yaml", tabSize: 2, minLines: 24, maxLines: 60 };
    window.unrollQuizEditor = window.unrollDrafts.attachEditor(area, "quiz.yaml editor", options, "quiz-editor");
    return window.unrollQuizEditor;
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
    const initial = { publishable: state.dataset.publishable === "true", errors: null, answers: null };
    window.unrollDrafts.followJob(state, root.dataset.statusUrl, initial, show, 500);
  }

  function show(data) {
    const state = document.getElementById("computation-state");
    window.unrollDrafts.describeJob(state, data, data.publishable, {
      none: "Not computed yet: save the quiz to have its answers computed.",
      queued: "Waiting for a grading worker…",
      running: "The grader is running the predict snippets…",
      stale: "The text changed since the answers were computed: save it again to publish.",
      ready: "Every answer is computed. Ready to publish.",
      failed: "A snippet failed in the grader: fix what is listed, then save again.",
    });
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
