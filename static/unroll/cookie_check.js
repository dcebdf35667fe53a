// The LTI login's first page (templates/lti/cookie_check.html): can this frame keep a cookie? Then go on in
// it; if not (third-party cookies blocked), offer to open Unroll in a new window, where it is first-party.
(function () {
  const box = document.getElementById("cookie-check");
  if (!box) return;
  const attributes = box.dataset.secure === "true" ? "; SameSite=None; Secure" : "";
  document.cookie = "unroll_cookie_check=1; path=/" + attributes;
  const allowed = document.cookie.indexOf("unroll_cookie_check=1") !== -1;
  if (allowed) {
    document.cookie = "unroll_cookie_check=; path=/; max-age=0" + attributes;
    window.location.replace(box.dataset.continueUrl);
    return;
  }
  document.getElementById("cookie-check-loading").hidden = true;
  document.getElementById("cookie-check-blocked").hidden = false;
})();
