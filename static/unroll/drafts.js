// What the exercise and the quiz authoring pages share: an Ace editor over a textarea (the
// textarea stays the form's field, so the form posts as plain HTML would), and the draft's job
// (an exercise's proof, a quiz's answers) shown and polled while a grading worker runs it.
window.unrollDrafts = (function () {
  "use strict";

  function attachEditor(textarea, label, options, className) {
    const holder = document.createElement("div");
    holder.className = "editor field-editor" + (className ? " " + className : "");
    holder.setAttribute("aria-label", label);
    textarea.after(holder);
    const editor = ace.edit(holder, Object.assign(
      // No background worker: Ace would start its syntax checkers (markdown embeds HTML and CSS) from a
      // blob: URL, which the site's Content-Security-Policy refuses, as it refuses any script not served by the site.
      { theme: "ace/theme/chrome", useSoftTabs: true, fontSize: 14, showPrintMargin: false, useWorker: false },
      options,
    ));
    unrollAceTheme(editor);
    editor.setValue(textarea.value, -1);
    editor.session.on("change", () => {
      textarea.value = editor.getValue();
      textarea.dispatchEvent(new Event("input"));
    });
    textarea.hidden = true;
    return editor;
  }

  // The job's state as the page was served (`state`'s data attributes), then, while it is queued or
  // running, as `url` answers every `intervalMs`, each shown by `show`, until it is done.
  function followJob(state, url, initial, show, intervalMs) {
    const showAndSettle = (data) => {
      show(data);
      if (data.status === "done") settleSavedBanner(state);
    };
    showAndSettle(Object.assign({ status: state.dataset.status, current: state.dataset.current === "true" }, initial));
    if (state.dataset.status === "queued" || state.dataset.status === "running") poll(url, showAndSettle, intervalMs);
  }

  // Saving a draft flashes "Saved. The grader is running…" (or "…computing the answers…") above the
  // page; once the job is done that would be false, so the banner says the job's outcome instead, in
  // the words the job's own section now shows. Every save message of a draft page starts "Saved".
  function settleSavedBanner(state) {
    document.querySelectorAll("main > .flash").forEach((banner) => {
      if (!banner.textContent.trim().startsWith("Saved")) return;
      banner.textContent = "Saved. " + state.textContent;
      banner.dataset.job = "done";
    });
  }

  async function poll(url, show, intervalMs) {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      let data;
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) continue;
        data = await response.json();
      } catch (error) {
        continue;
      }
      show(data);
      if (data.status === "done") return;
    }
  }

  // Say where the job stands in `words` ({none, queued, running, stale, ready, failed}), and allow
  // publishing only when it read exactly this draft and succeeded (`ready`).
  function describeJob(state, data, ready, words) {
    if (data.status !== "done") state.textContent = words[data.status] || data.status;
    else if (!data.current) state.textContent = words.stale;
    else state.textContent = ready ? words.ready : words.failed;
    document.getElementById("publish").disabled = !ready;
  }

  return { attachEditor, followJob, describeJob };
})();
