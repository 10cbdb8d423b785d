// The article page is the same for every reader, so a CDN may serve it. What is each reader's own comes from here:
// the view is counted (and the count shown refreshed), and the comment form gets the signed time it was shown.
// Without this file the page still works; the view goes uncounted and the form time reads "unverified".
(function () {
  "use strict";

  var section = document.querySelector("[data-view-beacon]");
  if (!section || !window.fetch) {
    return;
  }

  function json(response) {
    return response.ok ? response.json() : Promise.reject(response.status);
  }

  // No cookies travel with either call: they are the same for every reader.
  fetch(section.getAttribute("data-view-beacon"), { method: "POST", credentials: "omit", keepalive: true })
    .then(json)
    .then(function (data) {
      var shown = document.querySelector("[data-view-count]");
      if (shown && typeof data.views === "number") {
        shown.textContent = data.views.toLocaleString("vi-VN");
      }
    })
    .catch(function () {});

  var started = document.querySelector(".comment-form input[name='started']");
  var formTime = section.getAttribute("data-form-time");
  if (started && !started.value && formTime) {
    fetch(formTime, { credentials: "omit", cache: "no-store" })
      .then(json)
      .then(function (data) {
        if (!started.value && data.started) {
          started.value = data.started;
        }
      })
      .catch(function () {});
  }
})();
