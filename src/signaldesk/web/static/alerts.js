// Live alerts on the alerts page: each new alert arrives as a server-sent event and is put
// at the top of the history table.
"use strict";

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function alertRow(alert) {
  const row = document.createElement("tr");
  row.className = "fresh";
  row.dataset.id = String(alert.id);
  const what = document.createElement("td");
  const target = alert.document_id ? "/documents/" + encodeURIComponent(alert.document_id)
    : alert.story_id ? "/stories/" + encodeURIComponent(alert.story_id) : "";
  if (target) {
    const link = document.createElement("a");
    link.href = target;
    link.textContent = alert.title;
    what.append(link);
  } else {
    what.textContent = alert.title;
  }
  row.append(
    cell(alert.fired), cell(alert.rule_name), cell(alert.severity, "sev-" + alert.severity), what,
    cell(alert.status), cell(alert.latency), cell(alert.to_fire),
  );
  return row;
}

function followAlerts(body) {
  const state = document.getElementById("live-state");
  const source = new EventSource("/events/alerts?after=" + encodeURIComponent(body.dataset.after || "0"));
  source.addEventListener("alert", (message) => {
    const alert = JSON.parse(message.data);
    if (body.querySelector('[data-id="' + String(alert.id) + '"]')) return;
    const empty = body.querySelector(".empty-row");
    if (empty) empty.remove();
    body.prepend(alertRow(alert));
    while (body.children.length > 100) body.lastElementChild.remove();
  });
  source.addEventListener("open", () => { if (state) state.className = "live on"; });
  source.addEventListener("error", () => { if (state) state.className = "live off"; });
}

document.addEventListener("DOMContentLoaded", () => {
  const body = document.getElementById("alert-history");
  if (body && body.dataset.after !== undefined && window.EventSource) followAlerts(body);
});
