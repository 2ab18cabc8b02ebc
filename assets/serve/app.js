// The workbench's only script: sortable and filterable tables, and a run's live progress
// (server-sent events). Pages work without it, save for live updates.
"use strict";

function cellValue(row, i) {
  const text = (row.cells[i] ? row.cells[i].textContent : "").trim();
  const n = parseFloat(text.replace(/[¥,% ]/g, ""));
  return isNaN(n) || !/^[-¥\d.,% ]+$/.test(text) ? text : n;
}

function makeSortable(table) {
  table.querySelectorAll("thead th").forEach((th, i) => {
    th.addEventListener("click", () => {
      const dir = th.dataset.dir === "asc" ? "desc" : "asc";
      table.querySelectorAll("thead th").forEach((h) => delete h.dataset.dir);
      th.dataset.dir = dir;
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = cellValue(a, i), y = cellValue(b, i);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return dir === "asc" ? c : -c;
      });
      rows.forEach((r) => body.appendChild(r));
    });
  });
}

function makeFilter(input) {
  const table = document.getElementById(input.dataset.table);
  if (!table) return;
  input.addEventListener("input", () => {
    const q = input.value.trim().toLowerCase();
    Array.from(table.tBodies[0].rows).forEach((r) => {
      r.hidden = q !== "" && !r.textContent.toLowerCase().includes(q);
    });
  });
}

function showLive(state) {
  const status = document.getElementById("status");
  if (!status) return;
  status.textContent = state.label;
  status.className = "status " + state.status;
  document.getElementById("progress").value = state.percent;
  document.getElementById("count").textContent = state.total > 0 ? state.done + " / " + state.total : "";
  document.getElementById("phase").textContent = state.phase || "";
  const best = document.getElementById("best");
  if (best) best.textContent = state.best_text || "";
}

function followRun(live) {
  try { showLive(JSON.parse(live.dataset.state)); } catch (e) { /* the page shows the status */ }
  if (live.dataset.final === "true") return;
  const source = new EventSource("/runs/" + live.dataset.run + "/events");
  source.onmessage = (event) => {
    const state = JSON.parse(event.data);
    showLive(state);
    if (state.final) {
      source.close();
      window.location.reload();
    }
  };
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("input.filter").forEach(makeFilter);
  const live = document.getElementById("live");
  if (live) followRun(live);
});
