// The comment form's attachment field: check size and type before uploading, let the reader remove or change
// the file, and show progress while a large file goes up. The server checks everything again; without this
// script the form posts normally.
(function () {
  "use strict";

  var EXTENSIONS = {
    jpg: "image/jpeg", jpeg: "image/jpeg", jfif: "image/jpeg", png: "image/png", webp: "image/webp",
    gif: "image/gif", heic: "image/heic", heif: "image/heic", pdf: "application/pdf"
  };
  var ALIASES = { "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/heif": "image/heic" };

  function formatSize(bytes) {
    var mib = 1024 * 1024;
    var value = bytes >= mib ? bytes / mib : Math.max(bytes / 1024, 1);
    var text = value.toFixed(1).replace(/\.0$/, "").replace(".", ",");
    return text + (bytes >= mib ? " MB" : " KB");
  }

  function fileType(file) {
    var claimed = ALIASES[file.type] || file.type;
    if (claimed && claimed !== "application/octet-stream") return claimed;
    var dot = file.name.lastIndexOf(".");
    return dot < 0 ? "" : EXTENSIONS[file.name.slice(dot + 1).toLowerCase()] || "";
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function AttachmentField(form, input) {
    this.form = form;
    this.input = input;
    this.wrap = input.closest(".field") || input.parentNode;
    this.maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
    this.maxFiles = parseInt(form.getAttribute("data-max-files"), 10) || 1;
    this.allowed = (form.getAttribute("data-allowed-types") || "").split(",");
    this.typesLabel = form.getAttribute("data-types-label") || "";
    this.error = make("p", "field__error", "");
    this.error.id = input.id + "-client-error";
    this.error.setAttribute("role", "alert");
    this.error.hidden = true;
    this.status = make("div", "attachment-status", "");
    this.status.hidden = true;
    this.progress = make("div", "upload-progress", "");
    this.progress.hidden = true;
    this.bar = make("progress", "upload-progress__bar", "");
    this.bar.max = 100;
    this.bar.value = 0;
    this.progressText = make("span", "upload-progress__text", "");
    this.progressText.setAttribute("aria-live", "polite");
    this.progress.appendChild(this.bar);
    this.progress.appendChild(this.progressText);
    this.wrap.appendChild(this.error);
    this.wrap.appendChild(this.status);
    this.wrap.appendChild(this.progress);
    input.addEventListener("change", this.onChange.bind(this));
    form.addEventListener("submit", this.onSubmit.bind(this));
  }

  AttachmentField.prototype.problem = function (files) {
    if (files.length > this.maxFiles) return "Chỉ được gửi tối đa " + this.maxFiles + " file.";
    for (var i = 0; i < files.length; i++) {
      var file = files[i], name = "“" + file.name + "”";
      if (file.size === 0) return "File " + name + " rỗng. Vui lòng chọn file khác.";
      if (file.size > this.maxBytes) {
        return "File " + name + " nặng " + formatSize(file.size) + ", vượt quá giới hạn " +
          formatSize(this.maxBytes) + " của bài viết này. Vui lòng chọn file nhỏ hơn.";
      }
      if (this.allowed.indexOf(fileType(file)) < 0) {
        return "File " + name + " không thuộc loại được chấp nhận. Bạn có thể gửi: " + this.typesLabel + ".";
      }
    }
    return "";
  };

  AttachmentField.prototype.showError = function (message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    this.wrap.classList.toggle("field--error", !!message);
    this.input.setAttribute("aria-invalid", message ? "true" : "false");
    var described = (this.input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== this.error.id;
    }, this);
    if (message) described.push(this.error.id);
    if (described.length) this.input.setAttribute("aria-describedby", described.join(" "));
    else this.input.removeAttribute("aria-describedby");
  };

  AttachmentField.prototype.onChange = function () {
    var serverError = document.getElementById(this.input.id + "-error");
    if (serverError) serverError.hidden = true;  // it was about the file the reader just replaced
    var message = this.problem(this.input.files);
    if (message) this.input.value = "";  // a refused file is never sent
    this.showError(message);
    this.renderChosen();
  };

  AttachmentField.prototype.renderChosen = function () {
    var files = this.input.files, self = this;
    this.status.textContent = "";
    this.status.hidden = files.length === 0;
    Array.prototype.forEach.call(files, function (file, index) {
      var row = make("p", "attachment-status__file", "");
      row.appendChild(make("span", "attachment-status__name", "Đã chọn: " + file.name + " (" + formatSize(file.size) + ")"));
      var remove = make("button", "button button--small", "Bỏ file");
      remove.type = "button";
      remove.setAttribute("aria-label", "Bỏ file " + file.name);
      remove.addEventListener("click", function () { self.remove(index); });
      var change = make("button", "button button--small", "Đổi file");
      change.type = "button";
      change.addEventListener("click", function () { self.input.click(); });
      row.appendChild(remove);
      row.appendChild(change);
      self.status.appendChild(row);
    });
  };

  AttachmentField.prototype.remove = function (index) {
    var files = Array.prototype.slice.call(this.input.files);
    if (files.length > 1 && typeof DataTransfer === "function") {
      var kept = new DataTransfer();
      files.forEach(function (file, i) { if (i !== index) kept.items.add(file); });
      this.input.files = kept.files;
    } else {
      this.input.value = "";
    }
    this.showError("");
    this.renderChosen();
    this.input.focus();
  };

  AttachmentField.prototype.onSubmit = function (event) {
    if (!this.input.files.length || typeof FormData !== "function" || !window.XMLHttpRequest) return;
    var message = this.problem(this.input.files);
    if (message) {
      event.preventDefault();
      this.showError(message);
      this.input.focus();
      return;
    }
    event.preventDefault();
    this.upload(event.submitter);
  };

  AttachmentField.prototype.upload = function (submitter) {
    var self = this, data = new FormData(this.form), xhr = new XMLHttpRequest();
    var target = this.form.action.split("#")[0];
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var buttons = this.form.querySelectorAll("button[type=submit]");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    this.progress.hidden = false;
    this.setProgress(0);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) self.setProgress(Math.floor((e.loaded / e.total) * 100));
    });
    xhr.upload.addEventListener("load", function () {
      self.progressText.textContent = "Đã tải lên, đang xử lý…";
    });
    xhr.addEventListener("load", function () {
      // A redirect was followed: the comment is saved, go where the server sent us.
      if (xhr.responseURL && xhr.responseURL.split("#")[0] !== target) {
        window.location.assign(xhr.responseURL);
        return;
      }
      // The form came back with messages: show the page the server made, as a normal submit would.
      document.open();
      document.write(xhr.responseText);
      document.close();
      var anchor = document.getElementById("loi-bieu-mau") || document.getElementById("gui-binh-luan");
      if (anchor) {
        anchor.scrollIntoView();
        if (anchor.focus) anchor.focus();
      }
    });
    xhr.addEventListener("error", function () {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      self.progress.hidden = true;
      self.showError("Không gửi được do mất kết nối. Vui lòng kiểm tra mạng rồi bấm Gửi lại.");
    });
    xhr.open("POST", target);
    xhr.send(data);
  };

  AttachmentField.prototype.setProgress = function (percent) {
    this.bar.value = percent;
    this.bar.textContent = percent + "%";
    // Announce in steps of ten, so screen readers are not flooded.
    var step = Math.floor(percent / 10) * 10;
    if (step !== this.lastStep) {
      this.lastStep = step;
      this.progressText.textContent = "Đang tải lên… " + step + "%";
    }
  };

  function init() {
    var forms = document.querySelectorAll("form.comment-form[data-max-bytes]");
    Array.prototype.forEach.call(forms, function (form) {
      var input = form.querySelector("input[type=file][name=attachment]");
      if (input) new AttachmentField(form, input);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
