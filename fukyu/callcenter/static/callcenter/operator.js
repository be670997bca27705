/* The operator's screen: call timer, FAQ search as you type, municipality type-ahead, keys.
   Saving is a plain form POST, so the page also works without this file. */
(function () {
  "use strict";

  var form = document.getElementById("op-form");
  if (!form) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var summary = $("id_summary");
  var answer = $("id_answer");
  var faqField = form.querySelector("input[name=faq]");
  var faqBox = $("faq-q");
  var results = $("faq-results");
  var status = $("faq-status");
  var timerOut = $("call-timer");
  var handleField = form.querySelector("input[name=handle_seconds]");
  var readJSON = function (id) {
    var el = $(id);
    return el ? JSON.parse(el.textContent) : null;
  };
  var categoryIds = readJSON("category-codes") || {};
  var miniAppIds = readJSON("mini-app-codes") || {};

  /* Folding as on the server: width (NFKC), case, katakana → hiragana. */
  function fold(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
  }

  /* --- the call timer: starts when the page opens ------------------------------------ */
  var started = Date.now();
  function elapsed() { return Math.floor((Date.now() - started) / 1000); }
  function tick() {
    var s = elapsed();
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    timerOut.textContent = text;
    timerOut.classList.toggle("long", s >= 600);
  }
  tick();
  setInterval(tick, 1000);
  form.addEventListener("submit", function () { handleField.value = String(elapsed()); });

  /* --- caller fields only for callbacks and escalations ------------------------------- */
  var callerBox = $("caller-fields");
  function outcomeValue() {
    var checked = form.querySelector("input[name=outcome]:checked");
    return checked ? checked.value : "";
  }
  function syncCaller() {
    var needed = outcomeValue() === "callback" || outcomeValue() === "escalation";
    callerBox.hidden = !needed;
    callerBox.querySelectorAll("input").forEach(function (i) { i.required = needed; });
  }
  form.querySelectorAll("input[name=outcome]").forEach(function (r) {
    r.addEventListener("change", syncCaller);
  });
  syncCaller();

  /* --- FAQ panel ------------------------------------------------------------------------ */
  var hits = [];
  var active = -1;
  var seq = 0;
  var manual = false;
  var debounce = null;

  function render() {
    results.textContent = "";
    hits.forEach(function (h, n) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "faq-hit" + (n === active ? " active" : "");
      button.dataset.index = String(n);
      var key = document.createElement("kbd");
      key.textContent = n < 9 ? "Alt+" + (n + 1) : "";
      var q = document.createElement("strong");
      q.textContent = h.question;
      var meta = document.createElement("small");
      meta.textContent = [h.category_name, h.mini_app_name].filter(Boolean).join("／");
      var a = document.createElement("span");
      a.className = "faq-answer";
      a.textContent = h.answer.length > 90 ? h.answer.slice(0, 90) + "…" : h.answer;
      button.append(key, " ", q, meta, a);
      button.addEventListener("click", function () { pick(n); });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  function search(query) {
    var q = query.trim();
    var mine = ++seq;
    if (!q) { hits = []; active = -1; render(); status.textContent = ""; return; }
    if (q.length > 200) { q = q.slice(0, 200); }
    fetch(faqBox.dataset.url + "?limit=9&q=" + encodeURIComponent(q), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r.status);
    }).then(function (data) {
      if (mine !== seq) { return; }
      hits = data;
      active = hits.length ? 0 : -1;
      status.textContent = hits.length ? hits.length + "件の候補" : "該当するFAQはありません";
      render();
    }).catch(function () {
      if (mine === seq) { status.textContent = "FAQを検索できませんでした"; }
    });
  }

  function schedule(query) {
    clearTimeout(debounce);
    debounce = setTimeout(function () { search(query); }, 120);
  }

  summary.addEventListener("input", function () {
    if (!manual) { faqBox.value = summary.value; schedule(summary.value); }
  });
  faqBox.addEventListener("input", function () {
    manual = faqBox.value.trim() !== "";
    schedule(manual ? faqBox.value : summary.value);
  });

  function selectByValue(select, value) {
    if (select && value && !select.value) { select.value = String(value); }
  }

  function pick(n) {
    var h = hits[n];
    if (!h) { return; }
    var current = answer.value.trim();
    answer.value = current ? current + "\n" + h.answer : h.answer;
    faqField.value = String(h.id);
    $("faq-linked-title").textContent = h.question;
    $("faq-linked").hidden = false;
    selectByValue($("id_category"), categoryIds[h.category]);
    selectByValue($("id_mini_app"), miniAppIds[h.mini_app]);
    answer.focus();
    answer.setSelectionRange(answer.value.length, answer.value.length);
    status.textContent = "「" + h.question + "」の回答を取り込みました";
  }

  $("faq-unlink").addEventListener("click", function () {
    faqField.value = "";
    $("faq-linked").hidden = true;
  });

  faqBox.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!hits.length) { return; }
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (active >= 0) { pick(active); }
    }
  });

  /* --- municipality type-ahead (name or reading) ------------------------------------- */
  var towns = (readJSON("municipality-data") || []).map(function (m) {
    return { m: m, name: fold(m.name), kana: fold(m.kana) };
  });
  var muni = $("id_municipality");
  var list = $("municipality-list");
  var options = [];
  var current = -1;

  function closeList() {
    list.hidden = true;
    muni.setAttribute("aria-expanded", "false");
    muni.removeAttribute("aria-activedescendant");
    current = -1;
  }
  function showList() {
    list.textContent = "";
    options.forEach(function (m, n) {
      var li = document.createElement("li");
      li.id = "muni-" + m.code;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", n === current ? "true" : "false");
      li.textContent = m.name + "（" + m.kana + "・" + m.region + "）";
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(n); });
      list.appendChild(li);
    });
    list.hidden = options.length === 0;
    muni.setAttribute("aria-expanded", options.length ? "true" : "false");
    if (current >= 0) { muni.setAttribute("aria-activedescendant", "muni-" + options[current].code); }
  }
  function choose(n) {
    muni.value = options[n].name;
    closeList();
  }
  muni.addEventListener("input", function () {
    var q = fold(muni.value.trim());
    options = q ? towns.filter(function (t) {
      return t.name.indexOf(q) >= 0 || t.kana.indexOf(q) === 0;
    }).map(function (t) { return t.m; }).slice(0, 8) : [];
    current = options.length ? 0 : -1;
    showList();
  });
  muni.addEventListener("keydown", function (e) {
    if (list.hidden) { return; }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      current = (current + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      showList();
    } else if ((e.key === "Enter" || e.key === "Tab") && current >= 0) {
      if (e.key === "Enter") { e.preventDefault(); }
      choose(current);
    } else if (e.key === "Escape") {
      closeList();
    }
  });
  muni.addEventListener("blur", function () { setTimeout(closeList, 100); });

  /* --- keys ------------------------------------------------------------------------------ */
  answer.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  var newCall = $("new-call");
  newCall.hidden = false;
  function reset() {
    form.reset();
    faqField.value = "";
    $("faq-linked").hidden = true;
    manual = false;
    faqBox.value = "";
    search("");
    syncCaller();
    started = Date.now();
    tick();
    summary.focus();
  }
  newCall.addEventListener("click", reset);
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (/^Digit[1-9]$/.test(e.code)) {
      e.preventDefault();
      pick(Number(e.code.slice(5)) - 1);
    } else if (e.code === "KeyQ") {
      e.preventDefault();
      faqBox.focus();
      faqBox.select();
    } else if (e.code === "KeyN") {
      e.preventDefault();
      reset();
    }
  });
  /* Enter saves from any field (a select or a radio button too), but never while the IME is
     still converting Japanese input. */
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || e.isComposing || e.keyCode === 229) { return; }
    if (t.tagName === "SELECT" || (t.tagName === "INPUT" && t.type === "radio")) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
})();
