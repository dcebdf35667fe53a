// The Ace editors follow the page's theme, which follows the system setting (app.css): Chrome when light,
// Tomorrow Night when dark, switching as soon as the setting changes. Both themes' scripts are in the page.
window.unrollAceTheme = function (editor) {
  "use strict";
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const follow = () => editor.setTheme(dark.matches ? "ace/theme/tomorrow_night" : "ace/theme/chrome");
  follow();
  dark.addEventListener("change", follow);
};
