// Small improvements to every form on the site. The forms post and validate on the server without this file.
(function () {
  "use strict";

  // A rejected form comes back with a summary of its errors: focus it, so it is read out and the keyboard starts there.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // A summary link focuses its field and keeps the field's label in view (the browser alone would hide it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = field.labels && field.labels.length ? field.labels[0] : field;
    label.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  // One tap posts once: on a slow connection a second tap would send the comment (or the decision) twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) {
      return;
    }
    if (form.classList.contains("is-submitting")) {
      event.preventDefault();
      return;
    }
    form.classList.add("is-submitting");
    form.setAttribute("aria-busy", "true");
  });

  // Coming back with the Back button restores the page as it was left: let its forms be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form.is-submitting").forEach(function (form) {
        form.classList.remove("is-submitting");
        form.removeAttribute("aria-busy");
      });
    }
  });
})();
