{% load static %}/* Service worker of the on-site tally: keeps the tally page and its files available
   when the venue's link drops. Taps themselves wait in IndexedDB (see tally.js). */
"use strict";
const CACHE = "fukyu-tally-v1";
const ASSETS = ["{% static 'ops/ops.css' %}", "{% static 'outreach/outreach.css' %}", "{% static 'outreach/tally.js' %}"];
const TALLY_PAGE = /\/events\/\d+\/tally\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("fukyu-tally-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The tally page asks to be kept, so that a reload without a link still opens it.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "cache-page") return;
  const url = new URL(data.url, self.location.origin);
  if (url.origin !== self.location.origin || !TALLY_PAGE.test(url.pathname)) return;
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(url.href)));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (TALLY_PAGE.test(url.pathname)) {
    // Network first, so the page and its CSRF token stay fresh; the cached copy when offline.
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }).catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit || Response.error()))
    );
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(
      caches.match(request).then((hit) => {
        const refresh = fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }).catch(() => hit || Response.error());
        return hit || refresh;
      })
    );
  }
});
