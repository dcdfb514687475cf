// QBank: progressive enhancement only; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Buttons that ask before acting (retire, release, clear).
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });

  // Coverage chooser: show the new subject as soon as it is picked.
  document.querySelectorAll("select.autosubmit-pick").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });

  // Upload with a progress bar: bytes sent, then "reading the questions" until the server answers.
  var form = document.getElementById("upload-form");
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener("submit", function (ev) {
      var box = document.getElementById(form.getAttribute("data-progress"));
      if (!box) { return; }
      ev.preventDefault();
      var bar = box.querySelector("progress");
      var text = box.querySelector(".progress-text");
      var button = form.querySelector("button[type=submit]");
      box.hidden = false;
      button.disabled = true;
      text.textContent = text.getAttribute("data-uploading").replace("{pct}", "0");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.round(100 * e.loaded / e.total);
          bar.value = pct;
          text.textContent = text.getAttribute("data-uploading").replace("{pct}", pct);
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");  // indeterminate while the server parses
        box.classList.add("busy");
        text.textContent = text.getAttribute("data-parsing");
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      });
      xhr.addEventListener("error", function () { button.disabled = false; box.hidden = true; form.submit(); });
      xhr.send(new FormData(form));
    });
  }

  // Exports that take seconds (PDF, zip): buttons disabled and a spinner with a message while the
  // file is made; the file then downloads and the form is usable again. Without this script the
  // form posts as usual.
  document.querySelectorAll("form[data-busy]").forEach(function (busyForm) {
    if (!window.fetch || !window.FormData || !window.URL) { return; }
    var status = busyForm.querySelector(".busy-status");
    busyForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var submitter = ev.submitter;
      var data = new FormData(busyForm);
      if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
      var buttons = busyForm.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      busyForm.setAttribute("aria-busy", "true");
      if (status) { status.hidden = false; }
      var done = function () {
        buttons.forEach(function (b) { b.disabled = false; });
        busyForm.removeAttribute("aria-busy");
        if (status) { status.hidden = true; }
      };
      fetch(busyForm.action, { method: "POST", body: data, credentials: "same-origin" }).then(function (resp) {
        var disposition = resp.headers.get("Content-Disposition") || "";
        if (!resp.ok || disposition.indexOf("attachment") < 0) {
          return resp.text().then(function (html) { document.open(); document.write(html); document.close(); });
        }
        var match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
        return resp.blob().then(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = match ? decodeURIComponent(match[1]) : "download";
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
        });
      }).catch(function () { busyForm.submit(); }).finally(done);
    });
  });

  // Blueprint table: add and remove cell rows, keep the totals up to date.
  var cells = document.getElementById("cells-table");
  if (cells) {
    var body = cells.querySelector("tbody");
    var recount = function () {
      var n = 0, pts = 0;
      body.querySelectorAll("tr").forEach(function (tr) {
        var c = parseInt((tr.querySelector("[name=cell_count]") || {}).value || "0", 10) || 0;
        var p = parseFloat(((tr.querySelector("[name=cell_points]") || {}).value || "0").replace(",", ".")) || 0;
        n += c; pts += c * p;
      });
      var tc = document.getElementById("total-count"), tp = document.getElementById("total-points");
      if (tc) { tc.textContent = n; }
      if (tp) { tp.textContent = Math.round(pts * 1000) / 1000; }
    };
    body.addEventListener("input", recount);
    body.addEventListener("click", function (ev) {
      if (ev.target.classList.contains("remove-row")) { ev.target.closest("tr").remove(); recount(); }
    });
    var add = document.getElementById("add-cell-row");
    if (add) {
      add.addEventListener("click", function () {
        var template = body.querySelector("tr.blank-row") || body.querySelector("tr:last-child");
        var row = template.cloneNode(true);
        row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
        body.appendChild(row);
      });
    }
  }
});

// A batch import's page: poll its progress until it is done, then reload to show the outcome per file.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("batch-progress");
  if (!box || box.dataset.finished === "1") { return; }
  var bar = box.querySelector("progress");
  var poll = function () {
    fetch(box.dataset.url, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      return resp.ok ? resp.json() : null;
    }).then(function (p) {
      if (!p) { setTimeout(poll, 3000); return; }
      bar.max = p.total || 1;
      bar.value = p.done;
      box.querySelector(".percent").textContent = p.percent + " %";
      var text = box.querySelector(".progress-text");
      text.textContent = text.dataset.template.replace("{done}", p.done).replace("{total}", p.total);
      document.querySelectorAll("[data-count]").forEach(function (el) { el.textContent = p[el.dataset.count]; });
      if (p.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
    }).catch(function () { setTimeout(poll, 3000); });
  };
  setTimeout(poll, 500);
});

// An export job's page: reload when the worker has made the file.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("export-progress");
  if (!box || box.dataset.finished === "1") { return; }
  var poll = function () {
    fetch(box.dataset.url, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      return resp.ok ? resp.json() : null;
    }).then(function (s) {
      if (s && s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
    }).catch(function () { setTimeout(poll, 3000); });
  };
  setTimeout(poll, 500);
});
