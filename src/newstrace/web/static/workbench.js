// The workbench's own script: more paste boxes on the form, and live progress of an analysis.
(function () {
  "use strict";
  var add = document.getElementById("add-text");
  var texts = document.getElementById("texts");
  if (add && texts) {
    add.addEventListener("click", function () {
      var n = texts.querySelectorAll("textarea").length + 1;
      var label = document.createElement("label");
      label.textContent = "Article " + n + " ";
      var area = document.createElement("textarea");
      area.name = "text";
      area.rows = 6;
      label.appendChild(area);
      texts.appendChild(label);
      area.focus();
    });
  }
  var job = document.getElementById("job");
  if (!job) { return; }
  var id = job.getAttribute("data-job");
  var bar = document.getElementById("job-progress");
  var state = document.getElementById("job-state");
  var stage = document.getElementById("job-stage");
  var result = document.getElementById("job-result");
  var problems = document.getElementById("job-problems");
  function show(j) {
    state.textContent = j.state;
    stage.textContent = j.stage ? j.stage + (j.total ? " (" + j.done + " of " + j.total + " stages)" : "") : "";
    if (j.stage === "reading") { stage.textContent = "reading (" + j.articles_read + " articles)"; }
    bar.max = j.total || 1;
    bar.value = j.done;
    problems.textContent = "";
    j.problems.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p;
      problems.appendChild(li);
    });
    result.textContent = "";
    if (j.state === "done") {
      bar.value = bar.max;
      var a = document.createElement("a");
      a.href = "/runs/" + encodeURIComponent(j.run_id);
      a.id = "open-run";
      a.textContent = "Open the run";
      result.appendChild(a);
    } else if (j.state === "failed") {
      var span = document.createElement("span");
      span.className = "error";
      span.textContent = (j.code || "") + ": " + j.message;
      result.appendChild(span);
    }
    return j.state === "done" || j.state === "failed";
  }
  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (j) { if (!show(j)) { setTimeout(poll, 500); } })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
