/* The portal's service worker (served at /sw.js by org.pwa, which prepends self.PORTAL_SHELL).
 *
 * - The app shell (our static files, all from npm through Django's staticfiles, never a CDN) is cached at
 *   install; static files are then answered from the cache and refreshed behind it.
 * - Pages are fetched from the network first and kept, so the entry form and home open without signal.
 * - A hazard entry POSTed while the network fails is kept in IndexedDB (the same store offline_entry.js uses)
 *   and the user is sent back to the form, which shows it as waiting; nothing is lost, and the entry's
 *   idempotency key makes sure it is saved once when it is sent again.
 */
/* global idb */
"use strict";

const SHELL = self.PORTAL_SHELL;
const CACHE = "portal-" + SHELL.version;
const DB_NAME = "safetyportal-offline";

importScripts(SHELL.staticPrefix + "vendor/idb/umd.js");

function openQueue() {
  return idb.openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("entries", { keyPath: "key" });
    },
  });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL.static)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("portal-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

// Static files: answered from the cache at once and refreshed behind it (a changed portal.css shows next time).
async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const refresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

async function pageNetworkFirst(request) {
  try {
    const response = await fetch(request);
    // Only the pages worth having offline, and only as the user saw them (no redirects to the login page).
    const path = new URL(request.url).pathname;
    if (response.ok && !response.redirected && SHELL.pages.includes(path)) {
      (await caches.open(CACHE)).put(path, response.clone());
    }
    return response;
  } catch (err) {
    const path = new URL(request.url).pathname;
    const cached = (await caches.match(path)) || (await caches.match(SHELL.entryUrl));
    if (cached) return cached;
    throw err;
  }
}

async function keepFailedEntry(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (err) {
    const data = await copy.formData();
    const fields = [];
    const photos = [];
    for (const [name, value] of data.entries()) {
      if (value instanceof File) {
        if (value.size) photos.push({ name: value.name, type: value.type, blob: value });
      } else if (name !== "csrfmiddlewaretoken") {
        fields.push([name, value]);
      }
    }
    const key = data.get("idempotency_key") || String(Date.now());
    const db = await openQueue();
    await db.put("entries", {
      key, url: new URL(request.url).pathname, fields, photos, state: "pending", errors: [],
      created: Date.now(), owner: data.get("offline_owner") || "",
    });
    return Response.redirect(SHELL.entryUrl + "?queued=" + encodeURIComponent(key), 303);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate" && url.pathname === SHELL.entryUrl) event.respondWith(keepFailedEntry(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(SHELL.staticPrefix)) {
    event.respondWith(staleWhileRevalidate(event));
  } else if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request));
  }
});
