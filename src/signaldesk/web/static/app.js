// Live updates on the overview: new documents arrive as server-sent events and are prepended.
"use strict";

function documentItem(doc) {
  const item = document.createElement("li");
  item.className = "doc fresh";
  item.dataset.id = String(doc.id);
  const link = document.createElement("a");
  link.href = "/documents/" + encodeURIComponent(doc.id);
  link.textContent = doc.title || "(no title)";
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = " " + doc.outlet + " · " + doc.genre + " · " + doc.moment.slice(0, 16).replace("T", " ");
  item.append(link, meta);
  return item;
}

function followLatest(list) {
  const state = document.getElementById("live-state");
  const source = new EventSource("/events?after=" + encodeURIComponent(list.dataset.after || "0"));
  source.addEventListener("document", (message) => {
    const doc = JSON.parse(message.data);
    if (list.querySelector('[data-id="' + String(doc.id) + '"]')) return;
    list.prepend(documentItem(doc));
    while (list.children.length > 50) list.lastElementChild.remove();
  });
  source.addEventListener("open", () => { if (state) state.className = "live on"; });
  source.addEventListener("error", () => { if (state) state.className = "live off"; });
}

document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("latest");
  if (list && window.EventSource) followLatest(list);
});
