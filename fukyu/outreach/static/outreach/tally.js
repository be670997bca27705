/* On-site tally: every tap goes into an IndexedDB queue first, then out to the API when the
   link allows. Each tap carries a UUID made here, so a resend never counts twice. */
(function () {
  "use strict";

  const root = document.getElementById("tally");
  if (!root) return;
  const eventId = root.dataset.event;
  const api = root.dataset.api;
  const csrf = root.dataset.csrf;
  const DB_NAME = "fukyu-tally";
  const STORE = "queue";
  const BATCH = 500;
  const RETRY_MS = 10000;
  const LAST_KEY = "fukyu-tally-last-" + eventId;
  const KIND_LABELS = { explained: "説明した", installed: "インストールまで完了" };

  const el = (id) => document.getElementById(id);
  const netEl = el("net");
  const pendingEl = el("pending");
  const pendingBox = el("pending-box");
  const syncedEl = el("synced");
  const lastEl = el("last");
  const undoBtn = el("undo");
  const noticeEl = el("notice");
  const attrs = el("attrs");
  let db = null;
  let flushing = false;
  let again = false;

  function newUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Pages served over plain http on a venue LAN have no randomUUID: build a v4 UUID.
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function openDb() {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      store.createIndex("event", "event");
    };
    return request(req);
  }

  function store(mode) {
    return db.transaction(STORE, mode).objectStore(STORE);
  }

  function queued() {
    return request(store("readonly").index("event").getAll(eventId)).then((ops) =>
      ops.sort((a, b) => a.seq - b.seq)
    );
  }

  function enqueue(op) {
    op.event = eventId;
    return request(store("readwrite").add(op));
  }

  function dequeue(seqs) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, "readwrite");
      const s = tx.objectStore(STORE);
      seqs.forEach((seq) => s.delete(seq));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }

  function setNet(online) {
    netEl.textContent = online ? "オンライン" : "オフライン（記録は端末に保存中）";
    netEl.className = "net " + (online ? "online" : "offline");
  }

  function notice(text) {
    noticeEl.textContent = text || "";
  }

  async function render() {
    const ops = await queued();
    const taps = ops.filter((op) => op.type === "tap").length;
    pendingEl.textContent = String(ops.length);
    pendingBox.classList.toggle("waiting", ops.length > 0);
    pendingBox.setAttribute("data-taps", String(taps));
    const last = loadLast();
    undoBtn.disabled = !last;
    lastEl.textContent = last ? "直前の記録：" + KIND_LABELS[last.kind] + "（" + last.time + "）" : "";
  }

  function showTotals(data) {
    if (typeof data.explained_total === "number") {
      el("total-explained").textContent = String(data.explained_total);
      el("total-installed").textContent = String(data.installed_total);
    }
  }

  function loadLast() {
    try {
      return JSON.parse(window.localStorage.getItem(LAST_KEY) || "null");
    } catch (e) {
      return null;
    }
  }

  function saveLast(value) {
    if (value) window.localStorage.setItem(LAST_KEY, JSON.stringify(value));
    else window.localStorage.removeItem(LAST_KEY);
  }

  function readAttrs() {
    const form = new FormData(attrs);
    const tap = {};
    const age = form.get("age_group");
    if (age) tap.age_group = age;
    const os = form.get("os");
    if (os) tap.os = os;
    const municipality = form.get("municipality");
    const region = form.get("region");
    if (municipality) tap.municipality = municipality;
    else if (region) tap.region = region;
    const apps = form.getAll("mini_apps");
    if (apps.length) tap.mini_apps = apps;
    const registered = form.get("registered");
    if (registered) tap.registered = registered === "true";
    return tap;
  }

  async function recordTap(kind) {
    const tap = Object.assign({ uuid: newUuid(), kind: kind, at: new Date().toISOString() }, readAttrs());
    await enqueue({ type: "tap", tap: tap });
    const time = new Date().toLocaleTimeString("ja-JP", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    saveLast({ uuid: tap.uuid, kind: kind, time: time });
    attrs.reset();
    notice("");
    await render();
    flush();
  }

  async function undo() {
    const last = loadLast();
    if (!last) return;
    const ops = await queued();
    const waiting = ops.find((op) => op.type === "tap" && op.tap.uuid === last.uuid);
    if (waiting) {
      await dequeue([waiting.seq]);
    }
    if (!waiting || flushing) {
      // Already sent, or possibly on its way right now: ask the server to void it too.
      await enqueue({ type: "void", uuid: last.uuid });
    }
    saveLast(null);
    lastEl.textContent = "";
    notice("直前の記録（" + KIND_LABELS[last.kind] + "）を取り消しました");
    await render();
    flush();
  }

  function headers() {
    return { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" };
  }

  async function failure(response) {
    let detail = "";
    try {
      detail = (await response.json()).detail || "";
    } catch (e) {
      detail = "";
    }
    if (response.status === 401 || response.status === 403) {
      notice("送信できません：ログインの有効期限が切れた可能性があります。ログインし直してください（未送信の記録は端末に残っています）。" + detail);
    } else if (response.status >= 500) {
      notice("サーバーで問題が起きました。しばらくしてから自動で再送します。");
    } else {
      notice("送信できません：" + (detail || response.status) + "（未送信の記録は端末に残っています）");
    }
  }

  async function sendTaps(ops) {
    const response = await fetch(api, {
      method: "POST",
      headers: headers(),
      credentials: "same-origin",
      body: JSON.stringify({ taps: ops.map((op) => op.tap) }),
    });
    if (!response.ok) {
      await failure(response);
      return false;
    }
    const data = await response.json();
    showTotals(data);
    if (data.rejected && data.rejected.length) {
      notice("受け付けられなかった記録があります：" + data.rejected.map((r) => r.reason).join(" / "));
    }
    await dequeue(ops.map((op) => op.seq));
    return true;
  }

  async function sendVoid(op) {
    const response = await fetch(api + "/" + encodeURIComponent(op.uuid), {
      method: "DELETE",
      headers: headers(),
      credentials: "same-origin",
    });
    if (response.status === 404) {
      await dequeue([op.seq]);
      return true;
    }
    if (!response.ok) {
      await failure(response);
      return false;
    }
    showTotals(await response.json());
    await dequeue([op.seq]);
    return true;
  }

  async function flush() {
    if (!db) return;
    if (flushing) {
      again = true;
      return;
    }
    flushing = true;
    try {
      do {
        again = false;
        for (;;) {
          const ops = await queued();
          if (!ops.length) break;
          let ok;
          if (ops[0].type === "tap") {
            const batch = [];
            for (const op of ops) {
              if (op.type !== "tap" || batch.length >= BATCH) break;
              batch.push(op);
            }
            ok = await sendTaps(batch);
          } else {
            ok = await sendVoid(ops[0]);
          }
          setNet(true);
          if (!ok) return;
          syncedEl.textContent = "最終送信 " + new Date().toLocaleTimeString("ja-JP");
          await render();
        }
      } while (again);
    } catch (e) {
      // fetch rejects when the link is down: the queue stays as it is.
      setNet(false);
    } finally {
      flushing = false;
      await render();
    }
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register(root.dataset.sw, { scope: root.dataset.scope })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const url = window.location.href.split("#")[0];
        registration.active.postMessage({ type: "cache-page", url: url });
      })
      .catch(() => notice("オフライン用の準備ができませんでした（記録と送信はできます）"));
  }

  async function start() {
    setNet(navigator.onLine);
    try {
      db = await openDb();
    } catch (e) {
      notice("この端末では記録を保存できません（プライベートブラウズを解除してください）");
      return;
    }
    document.querySelectorAll("button.tap").forEach((button) => {
      button.addEventListener("click", () => recordTap(button.dataset.kind));
    });
    undoBtn.addEventListener("click", undo);
    window.addEventListener("online", () => {
      setNet(true);
      flush();
    });
    window.addEventListener("offline", () => setNet(false));
    window.setInterval(flush, RETRY_MS);
    root.setAttribute("data-ready", "1");
    await render();
    flush();
    registerWorker();
  }

  start();
})();
