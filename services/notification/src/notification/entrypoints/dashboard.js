"use strict";
// The dashboard's script, inlined into the page by GET /dashboard.
//
// The bearer token comes in the URL fragment (#token=…), which never reaches a server log; it
// is kept for this tab only and cleared from the address bar. The live board is a server-sent
// event stream read with fetch(), so the token goes in the Authorization header as on every
// other route (EventSource cannot send one). When the stream ends the page reconnects; a
// refused token (expired) stops it with a message.

const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get("token")) {
  sessionStorage.setItem("token", fragment.get("token"));
  history.replaceState(null, "", location.pathname + location.search);
}
const token = sessionStorage.getItem("token") || "";
const auth = {"Authorization": `Bearer ${token}`};
const $ = (id) => document.getElementById(id);
const COLOURS = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#5d4037",
  "#9e9d24", "#ad1457", "#37474f"];

function status(text, live) {
  const line = $("status");
  line.textContent = text;
  line.className = live === undefined ? "muted" : (live ? "live" : "down");
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

function row(cells, cls) {
  const tr = document.createElement("tr");
  cells.forEach((c) => tr.appendChild(c));
  if (cls) tr.className = cls;
  return tr;
}

function fill(id, rows, emptyText, columns) {
  const body = $(id);
  body.replaceChildren(...rows);
  if (!rows.length && emptyText) {
    const td = cell(emptyText, "empty");
    td.colSpan = columns || 6;
    body.appendChild(row([td]));
  }
}

function age(minutes) {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`;
}

const short = (id) => String(id).slice(0, 8);
const when = (iso) => iso ? iso.replace("T", " ").slice(0, 16) : "";

function renderCareRequests(requests) {
  $("unanswered-total").textContent = requests.unanswered_total;
  $("overdue-total").textContent = requests.overdue;
  $("overdue-after").textContent = requests.overdue_after_minutes;
  fill("unanswered", requests.unanswered.map((w) => {
    const tr = row([cell(short(w.care_request_id)), cell(w.municipality_code), cell(w.state),
      cell(w.acute ? "acute" : ""), cell(age(w.age_minutes), "n"), cell(when(w.created_at))],
    w.overdue ? "overdue" : "");
    tr.dataset.careRequest = w.care_request_id;
    tr.title = w.care_request_id;
    return tr;
  }), "nobody is waiting for an answer");
  const states = Object.keys(requests.by_state);
  const table = $("by-municipality");
  const head = row([document.createElement("th"), ...states.map((s) => {
    const th = document.createElement("th"); th.textContent = s; th.className = "n"; return th;
  })]);
  const body = Object.entries(requests.by_municipality).map(([municipality, counts]) =>
    row([cell(municipality), ...states.map((s) => cell(counts[s] || 0, "n"))]));
  table.replaceChildren(head, ...body);
  if (!body.length) table.appendChild(row([cell("no care requests yet", "empty")]));
  fill("by-age", Object.entries(requests.by_age).map(([bucket, n]) =>
    row([cell(bucket), cell(n, "n")])));
}

function renderAlarms(alarms) {
  $("alarms-total").textContent = alarms.open;
  fill("alarms", alarms.items.map((a) => row([cell(a.kind), cell(a.rule_id || ""), cell(a.for),
    cell(`${a.subject} ${short(a.subject_id)}`), cell(when(a.due_at)), cell(a.summary)])),
  "no open alarms");
}

function renderDecisions(decisions) {
  fill("decisions", decisions.map((d) => row([cell(when(d.decided_at)), cell(d.municipality_code),
    cell(`${short(d.decision_id)} (${d.reason})`), cell(d.rule_ids.join(", ")),
    cell(d.components.map((c) => `${c.component}: ${c.responsible || c.status}`).join("; "))])),
  "no decisions yet");
}

function svg(tag, attributes, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// a small line chart: series {name: [numbers]} over labels, as inline SVG
function lineChart(labels, series, width, height) {
  const pad = {left: 30, right: 8, top: 8, bottom: 16};
  const max = Math.max(1, ...Object.values(series).flat());
  const x = (i) => pad.left + (labels.length < 2 ? 0 :
    i * (width - pad.left - pad.right) / (labels.length - 1));
  const y = (v) => height - pad.bottom - v * (height - pad.top - pad.bottom) / max;
  const chart = svg("svg", {width, height, viewBox: `0 0 ${width} ${height}`, role: "img"});
  chart.appendChild(svg("line", {x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0),
    stroke: "#bbb"}));
  chart.appendChild(svg("text", {x: 2, y: y(max) + 4}, String(max)));
  chart.appendChild(svg("text", {x: 2, y: y(0)}, "0"));
  if (labels.length) {
    chart.appendChild(svg("text", {x: pad.left, y: height - 3}, labels[0]));
    chart.appendChild(svg("text", {x: width - pad.right, y: height - 3, "text-anchor": "end"},
      labels[labels.length - 1]));
  }
  Object.entries(series).forEach(([name, values], i) => {
    const points = values.map((v, j) => `${x(j).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const line = svg("polyline", {points, fill: "none", stroke: COLOURS[i % COLOURS.length],
      "stroke-width": 1.5});
    line.appendChild(svg("title", {}, name));
    chart.appendChild(line);
  });
  return chart;
}

function legend(names) {
  const box = document.createElement("div");
  box.className = "legend";
  names.forEach((name, i) => {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = COLOURS[i % COLOURS.length];
    item.append(swatch, name);
    box.appendChild(item);
  });
  return box;
}

function renderEventsChart(perMinute) {
  const box = $("events-chart");
  const topics = perMinute.topics;
  const labels = perMinute.minutes.map((m) => m.slice(11, 16));
  if (!Object.keys(topics).length) {
    box.replaceChildren(Object.assign(document.createElement("p"),
      {className: "empty", textContent: "no events in the last minutes"}));
    return;
  }
  const names = Object.keys(topics).map((t) => t.replace(/^handover\./, ""));
  const renamed = Object.fromEntries(Object.entries(topics).map(([t, v], i) => [names[i], v]));
  box.replaceChildren(lineChart(labels, renamed, 720, 140), legend(names));
}

async function replay(consumer, position) {
  const what = position ? `${consumer} ${position}` : `all of ${consumer}`;
  if (!confirm(`Replay the dead letters (${what}) to ${consumer}? Fix the cause first.`)) return;
  try {
    const response = await fetch(`/v1/dashboard/dead-letters/${encodeURIComponent(consumer)}/replay`,
      {method: "POST", headers: {...auth, "Content-Type": "application/json"},
        body: JSON.stringify(position ? {position} : {})});
    const answer = await response.json();
    alert(response.ok ? `replayed ${answer.replayed} to ${consumer}`
      : `refused: ${(answer.errors || []).map((e) => e.message).join("; ")}`);
  } catch (error) {
    alert(`replay failed: ${error}`);
  }
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function renderDeadLetters(consumers) {
  const box = $("dead-letters");
  box.replaceChildren();
  for (const c of consumers) {
    const title = document.createElement("p");
    if (c.pending) { title.textContent = `${c.consumer}: reading …`; box.appendChild(title); continue; }
    if (!c.reachable) {
      title.textContent = `${c.consumer}: unreachable (${c.error || "broker"})`;
      box.appendChild(title); continue;
    }
    const reasons = Object.entries(c.by_reason).map(([r, n]) => `${r} ×${n}`).join(", ");
    title.append(`${c.consumer}: `, Object.assign(document.createElement("span"),
      {className: c.count ? "badge bad" : "badge ok", textContent: String(c.count)}),
    reasons ? ` — ${reasons} ` : " ");
    if (c.count) title.appendChild(button("replay all", () => replay(c.consumer)));
    box.appendChild(title);
    if (!c.count) continue;
    const table = document.createElement("table");
    table.appendChild(row(["position", "reason", "event", "from", "detail", ""].map((h) => {
      const th = document.createElement("th"); th.textContent = h; return th; })));
    c.letters.slice(-20).forEach((l) => {
      const action = document.createElement("td");
      action.appendChild(button("replay", () => replay(c.consumer, l.position)));
      table.appendChild(row([cell(l.position), cell(l.reason), cell(l.event_type), cell(l.from),
        cell(l.detail), action]));
    });
    box.appendChild(table);
  }
}

function renderServices(services) {
  const lag = [];
  const outbox = [];
  for (const s of services) {
    if (s.pending) { outbox.push(row([cell(s.service), cell("reading …", "n")])); continue; }
    if (!s.reachable) {
      outbox.push(row([cell(s.service), cell("unreachable", "n")]));
      lag.push(row([cell(s.service), cell("unreachable"), cell(""), cell("")]));
      continue;
    }
    outbox.push(row([cell(s.service), cell(s.outbox_pending === null ? "?" : s.outbox_pending, "n")]));
    s.lag.forEach((l) => lag.push(row([cell(l.group), cell(l.topic), cell(l.partition, "n"),
      cell(l.lag, "n")])));
  }
  fill("lag", lag, "no partitions assigned yet", 4);
  fill("outbox", outbox);
}

function render(board) {
  renderCareRequests(board.care_requests);
  renderAlarms(board.alarms);
  renderDecisions(board.decisions);
  const system = board.system;
  document.querySelectorAll(".system").forEach((s) => { s.hidden = !system; });
  $("system-note").hidden = Boolean(system);
  if (system) {
    renderEventsChart(system.events_per_minute);
    renderDeadLetters(system.dead_letters);
    renderServices(system.services);
  }
  status(`live as ${board.viewer.organisation}, updated ${when(board.generated_at)} UTC`, true);
}

function handle(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const [field, ...rest] = line.split(":");
    const value = rest.join(":").replace(/^ /, "");
    if (field === "event") event = value;
    if (field === "data") data.push(value);
  }
  if (event === "board") render(JSON.parse(data.join("\n")));
}

let retryMs = 1000;

async function listen() {
  if (!token) { status("open this page with #token=<JWT>", false); return; }
  try {
    const response = await fetch("/v1/dashboard/stream",
      {headers: {...auth, "Accept": "text/event-stream"}, cache: "no-store"});
    if (response.status === 401 || response.status === 403) {
      status(`the token was refused (${response.status}): open the page with a new #token=…`,
        false);
      return;
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    retryMs = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        handle(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
  } catch (error) {
    status(`connection lost (${error.message}); retrying …`, false);
    retryMs = Math.min(retryMs * 2, 30000);
  }
  setTimeout(listen, retryMs);
}

async function trend() {
  const box = $("trend");
  try {
    const response = await fetch("/v1/follow-up/trend", {headers: auth, cache: "no-store"});
    const figures = response.ok ? await response.json() : null;
    const municipalities = Object.entries((figures && figures.municipalities) || {});
    if (!municipalities.length || !(figures.months || []).length) throw new Error("empty");
    const series = ["care_requests", "accepted", "rejected", "enrolled"];
    box.className = "";
    box.replaceChildren(legend(series), ...municipalities.map(([code, numbers]) => {
      const one = document.createElement("div");
      one.className = "trend";
      one.append(Object.assign(document.createElement("div"), {textContent: code}),
        lineChart(figures.months, Object.fromEntries(series.map((s) => [s, numbers[s] || []])),
          260, 90));
      return one;
    }));
  } catch (error) {
    box.className = "empty";
    box.textContent = "no figures yet";
  }
}

listen();
trend();
setInterval(trend, 60000);
