/**
 * The desk's only script, served as /desk.js: live push progress over server-sent events (the
 * page works without it; it only saves a reload), and "select all" for the chats list.
 */
export const CLIENT_JS = `"use strict";
document.querySelectorAll("[data-progress-url]").forEach(function (box) {
  var bar = box.querySelector("progress"), text = box.querySelector("[data-progress-text]");
  var es = new EventSource(box.getAttribute("data-progress-url"));
  es.addEventListener("progress", function (e) {
    var p = JSON.parse(e.data); bar.max = p.total || 1; bar.value = p.done;
    text.textContent = p.done + " / " + p.total;
  });
  es.addEventListener("done", function (e) {
    var d = JSON.parse(e.data); bar.max = 1; bar.value = 1;
    text.textContent = d.summary; box.setAttribute("data-state", "done"); es.close();
  });
  es.onerror = function () { if (box.getAttribute("data-state") === "done") es.close(); };
});
var file = document.getElementById("file");
if (file) file.addEventListener("change", function () {
  var f = file.files && file.files[0]; if (!f) return;
  f.text().then(function (t) {
    document.getElementById("text").value = t; document.getElementById("file-name").value = f.name;
  });
});
document.querySelectorAll("[data-select-all]").forEach(function (box) {
  box.addEventListener("change", function () {
    document.querySelectorAll("input[name=chat]").forEach(function (c) { c.checked = box.checked; });
  });
});
`;
