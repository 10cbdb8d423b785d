// The moderation panel's keyboard and live counts. Everything also works without this script.
(function () {
  "use strict";

  var items = Array.prototype.slice.call(document.querySelectorAll("[data-item]"));
  var dialog = document.getElementById("phim-tat");
  // Where the editor was in this very view, so after a decision the next comment is selected.
  var storeKey = "panel.position:" + location.pathname + location.search;
  var current = -1;

  function remembered() {
    try {
      return parseInt(sessionStorage.getItem(storeKey), 10) || 0;
    } catch (e) {
      return 0;
    }
  }

  function remember() {
    try {
      sessionStorage.setItem(storeKey, String(Math.max(current, 0)));
    } catch (e) { /* storage may be off; the first comment is selected then */ }
  }

  function select(index) {
    if (!items.length) return;
    index = Math.max(0, Math.min(index, items.length - 1));
    if (items[current]) items[current].classList.remove("is-current");
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    remember();
  }

  function currentItem() {
    return items[current] || null;
  }

  function submit(action) {
    var item = currentItem();
    var form = item && item.querySelector('form[data-action="' + action + '"]');
    if (!form) return false;
    remember();
    form.requestSubmit();
    return true;
  }

  function openDetails(action) {
    var item = currentItem();
    var details = item && item.querySelector('details[data-action="' + action + '"]');
    if (!details) return false;
    details.open = true;
    var first = details.querySelector("select, input:not([type=hidden]), textarea");
    if (first) first.focus();
    return true;
  }

  function toggleHelp() {
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  function isTyping(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  function onFieldKey(event) {
    var target = event.target;
    if (event.key === "Escape") {
      var details = target.closest("details");
      if (details) details.open = false;
      target.blur();
      if (currentItem()) currentItem().focus({ preventScroll: true });
      return true;
    }
    // Enter on a reason list sends the rejection; Ctrl+Enter sends any panel form, the edit box included.
    var form = target.form;
    if (event.key === "Enter" && form && (target.tagName === "SELECT" || event.ctrlKey || event.metaKey)) {
      remember();
      form.requestSubmit();
      return true;
    }
    return false;
  }

  var commands = {
    j: function () { select(current + 1); return true; },
    k: function () { select(current - 1); return true; },
    a: function () { return submit("approve"); },
    s: function () { return submit("spam"); },
    r: function () { return openDetails("reject"); },
    u: function () { return openDetails("unpublish"); },
    e: function () {
      var link = currentItem() && currentItem().querySelector('[data-action="edit"]');
      if (!link) return false;
      remember();
      location.href = link.href;
      return true;
    },
    x: function () {
      var box = currentItem() && currentItem().querySelector("[data-select]");
      if (!box) return false;
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    },
    "/": function () {
      var search = document.querySelector(".filters input[type=search]");
      if (!search) return false;
      search.focus();
      search.select();
      return true;
    },
    "?": function () { toggleHelp(); return true; }
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey) return;
    if (isTyping(event.target)) {
      if (onFieldKey(event)) event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    if (dialog && dialog.open && event.key !== "?") return;
    var command = commands[event.key];
    if (command && command()) event.preventDefault();
  });

  items.forEach(function (item, index) {
    item.addEventListener("click", function () {
      if (current !== index) select(index);
    });
  });

  // Bulk selection: "select all" and a running count.
  var selectAll = document.querySelector("[data-select-all]");
  var counter = document.querySelector("[data-selected-count]");
  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-select]"));
  }
  function showCount() {
    if (!counter) return;
    var n = boxes().filter(function (b) { return b.checked; }).length;
    counter.textContent = n ? "Đã chọn " + n + " bình luận" : "";
  }
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = selectAll.checked; });
      showCount();
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-select]")) showCount();
  });

  // Live tab counts, refreshed while the page is visible.
  var tabs = document.querySelector("[data-counts-url]");
  function refreshCounts() {
    if (!tabs || document.hidden) return;
    fetch(tabs.getAttribute("data-counts-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) return;
        Object.keys(counts).forEach(function (tab) {
          var badge = tabs.querySelector('[data-count="' + tab + '"]');
          if (badge) badge.textContent = counts[tab];
        });
      })
      .catch(function () { /* a missed refresh is harmless; the next one comes soon */ });
  }
  if (tabs) {
    setInterval(refreshCounts, 30000);
    document.addEventListener("visibilitychange", refreshCounts);
  }

  // After a conflict or error, put the message where the screen reader and the eye are.
  // Done after "load": the browser's own jump to the #fragment would otherwise take the focus back.
  window.addEventListener("load", function () {
    var alertBox = document.querySelector("[data-autofocus]");
    var editBox = document.querySelector("[data-edit-form] textarea");
    if (alertBox) alertBox.focus();
    else if (editBox && location.hash === "#bien-tap") {
      editBox.focus();
      editBox.setSelectionRange(editBox.value.length, editBox.value.length);
    }
  });

  if (items.length) select(Math.min(remembered(), items.length - 1));
})();
