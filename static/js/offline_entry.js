/* Hazard entry without signal: entries kept on the phone (IndexedDB, through idb) and sent when the
 * connection returns, with the queue shown on every page (templates/components/_offline_queue.html).
 *
 * Each entry keeps the form's idempotency key (org/idempotency.py): however often it is sent — a retry
 * after a lost answer, two tabs syncing at once — the portal saves it once and answers with the same hazard.
 * An entry the portal refuses (the township left the user's area, the form's rules changed) stays in the
 * queue with the portal's reasons until the user opens it in the form or deletes it; it is never dropped.
 * Also registers the service worker (static/sw.js, served at /sw.js).
 */
/* global idb */
(function () {
  "use strict";

  const box = document.getElementById("offline-queue");
  if (!box || typeof idb === "undefined") return;
  const user = box.dataset.user;
  const entryUrl = box.dataset.entryUrl;
  const DB_NAME = "safetyportal-offline";
  const done = [];
  let syncing = false;

  // Every create form (a POST to …/new/) carries an idempotency key, so a double tap saves once
  // (org.idempotency.IdempotentCreateMiddleware); forms rendered with {% idempotency_field %} have theirs.
  document.querySelectorAll('form[method="post" i]').forEach((form) => {
    const target = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if (!/\/new\/$/.test(target.pathname) || form.querySelector('input[name="idempotency_key"]')) return;
    const key = document.createElement("input");
    key.type = "hidden";
    key.name = "idempotency_key";
    key.value = newKey();
    form.append(key);
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }

  const dbPromise = idb.openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("entries", { keyPath: "key" });
    },
  });

  function text(name, count) {
    return (box.dataset["t" + name] || "").replace("{count}", String(count));
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function entries() {
    const db = await dbPromise;
    return (await db.getAll("entries")).filter((e) => String(e.owner) === String(user))
      .sort((a, b) => a.created - b.created);
  }

  async function save(entry) {
    await (await dbPromise).put("entries", entry);
  }

  async function remove(key) {
    await (await dbPromise).delete("entries", key);
  }

  function field(entry, name) {
    const pair = entry.fields.find((f) => f[0] === name);
    return pair ? pair[1] : "";
  }

  function title(entry) {
    const words = [field(entry, "place_name"), field(entry, "description")].filter(Boolean).join(" · ");
    return words.length > 40 ? words.slice(0, 40) + "…" : words || text("Untitled");
  }

  function el(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  const BADGES = { pending: "text-bg-secondary", sending: "text-bg-info", conflict: "text-bg-danger",
    login: "text-bg-warning" };

  async function render() {
    const list = box.querySelector("[data-queue-list]");
    const kept = await entries();
    list.replaceChildren();
    for (const entry of kept) {
      const item = el("li", "list-group-item");
      item.dataset.entryKey = entry.key;
      const head = el("div", "d-flex flex-wrap align-items-center gap-2");
      head.append(el("span", "badge " + (BADGES[entry.state] || BADGES.pending), text(entry.state[0].toUpperCase() + entry.state.slice(1))));
      head.append(el("span", "text-break", title(entry)));
      if (entry.photos.length) head.append(el("small", "text-muted", text("Photos", entry.photos.length)));
      item.append(head);
      if (entry.errors && entry.errors.length) {
        const errors = el("ul", "small text-danger mb-1 mt-1");
        entry.errors.forEach((message) => errors.append(el("li", "", message)));
        item.append(errors);
      }
      const actions = el("div", "d-flex flex-wrap gap-2 mt-1");
      if (entry.state === "conflict") {
        const open = el("a", "btn btn-sm btn-outline-primary", text("Open"));
        open.href = entryUrl + "?restore=" + encodeURIComponent(entry.key);
        actions.append(open);
      }
      const del = el("button", "btn btn-sm btn-outline-danger", text("Delete"));
      del.type = "button";
      del.addEventListener("click", async () => {
        if (window.confirm(text("ConfirmDelete"))) {
          await remove(entry.key);
          render();
        }
      });
      actions.append(del);
      item.append(actions);
      list.append(item);
    }
    for (const one of done) {
      const item = el("li", "list-group-item d-flex flex-wrap gap-2 align-items-center");
      item.append(el("span", "badge text-bg-success", text("Done")), el("span", "text-break", one.title));
      const link = el("a", "ms-auto", text("View"));
      link.href = one.url;
      item.append(link);
      list.append(item);
    }
    box.querySelector("[data-queue-count]").textContent = kept.length ? text("Count", kept.length) : text("Done");
    box.querySelector("[data-queue-sync]").classList.toggle("d-none", !kept.length);
    box.classList.toggle("d-none", !kept.length && !done.length);
  }

  function errorsFrom(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    // Each reason with the field it stands at ("镇街：…"), as the form would show it.
    const found = Array.from(doc.querySelectorAll(".invalid-feedback, .alert-danger, .errorlist li")).map((node) => {
      const wrap = node.closest('[id^="div_id_"]');
      const label = wrap && wrap.querySelector("label");
      const name = label ? label.textContent.replace("*", "").trim() : "";
      return (name ? name + "：" : "") + node.textContent.trim();
    }).filter(Boolean);
    return Array.from(new Set(found));
  }

  async function send(entry) {
    entry.state = "sending";
    await save(entry);
    await render();
    let form;
    try {
      form = await fetch(entry.url, { credentials: "same-origin" });
    } catch (err) {
      entry.state = "pending";
      return save(entry);
    }
    if (form.redirected && new URL(form.url).pathname !== entry.url) {
      entry.state = "login"; // sent to the login page: the session ended
      return save(entry);
    }
    if (!form.ok) {
      entry.state = "conflict";
      entry.errors = [text("Refused")];
      return save(entry);
    }
    const page = new DOMParser().parseFromString(await form.text(), "text/html");
    const token = page.querySelector('input[name="csrfmiddlewaretoken"]');
    const data = new FormData();
    entry.fields.forEach(([name, value]) => data.append(name, value));
    data.set("csrfmiddlewaretoken", token ? token.value : "");
    data.set("idempotency_key", entry.key);
    entry.photos.forEach((p) => data.append("photos", new File([p.blob], p.name, { type: p.type })));
    let response;
    try {
      response = await fetch(entry.url, { method: "POST", body: data, credentials: "same-origin" });
    } catch (err) {
      entry.state = "pending";
      return save(entry);
    }
    const path = new URL(response.url).pathname;
    if (response.redirected && /\/hazards\/\d+\/$/.test(path)) {
      await remove(entry.key);
      done.push({ title: title(entry), url: path });
      return undefined;
    }
    if (response.status === 409 || response.status >= 500) {
      entry.state = "pending"; // still being saved by another attempt, or the portal is down: try again later
      return save(entry);
    }
    entry.state = "conflict";
    entry.errors = response.ok ? errorsFrom(await response.text()) : [text("Refused")];
    if (!entry.errors.length) entry.errors = [text("Refused")];
    return save(entry);
  }

  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      for (const entry of await entries()) {
        if (entry.state !== "conflict") await send(entry);
      }
    } finally {
      syncing = false;
      await render();
    }
  }

  // --- The entry form -------------------------------------------------------------------------------------

  function entryFromForm(form) {
    const data = new FormData(form);
    const fields = [];
    const photos = [];
    for (const [name, value] of data.entries()) {
      if (value instanceof File) {
        if (value.size) photos.push({ name: value.name, type: value.type, blob: value });
      } else if (name !== "csrfmiddlewaretoken") {
        fields.push([name, value]);
      }
    }
    return { key: String(data.get("idempotency_key")), url: entryUrl, fields, photos, state: "pending",
      errors: [], created: Date.now(), owner: user };
  }

  function fillForm(form, entry) {
    for (const [name, value] of entry.fields) {
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach((input) => {
        if (input.type === "file") return;
        if (input.type === "radio" || input.type === "checkbox") input.checked = input.value === value;
        else input.value = value;
      });
    }
    const photos = form.querySelector('input[type="file"][name="photos"]');
    if (photos && entry.photos.length) {
      const transfer = new DataTransfer();
      entry.photos.forEach((p) => transfer.items.add(new File([p.blob], p.name, { type: p.type })));
      photos.files = transfer.files;
    }
  }

  function showNotice(form, message) {
    const notice = form.querySelector("[data-offline-notice]");
    if (!notice) return;
    notice.textContent = message;
    notice.classList.remove("d-none");
  }

  async function wireEntryForm(form) {
    const keyInput = form.querySelector('input[name="idempotency_key"]');
    const params = new URLSearchParams(window.location.search);
    // A page from the service worker's cache carries an old key; every page load starts a new entry.
    if (keyInput && !form.querySelector("[data-held-upload]")) keyInput.value = newKey();
    if (params.get("queued")) showNotice(form, form.dataset.tQueued);
    const restoreKey = params.get("restore");
    if (restoreKey) {
      const entry = (await entries()).find((e) => e.key === restoreKey);
      if (entry) {
        fillForm(form, entry);
        keyInput.value = entry.key;
        form.dataset.restoredKey = entry.key;
        showNotice(form, form.dataset.tRestored);
      }
    }
    form.addEventListener("submit", async (event) => {
      if (form.dataset.sending === "1") return; // sent already: a second tap is the portal's to refuse (idempotency)
      event.preventDefault();
      if (window.portalPhotos) await window.portalPhotos.ready();
      if (!navigator.onLine) {
        await save(entryFromForm(form));
        form.reset();
        keyInput.value = newKey();
        delete form.dataset.restoredKey;
        showNotice(form, form.dataset.tQueued);
        await render();
        window.scrollTo({ top: 0, behavior: "instant" }); // the queue and the notice are at the top
        return;
      }
      // Online: the browser posts the form as usual (a lost answer is kept by the service worker). A
      // restored entry leaves the queue now: from here the portal keeps its photos if the form is refused.
      if (form.dataset.restoredKey) await remove(form.dataset.restoredKey);
      form.dataset.sending = "1";
      const submitter = event.submitter;
      if (submitter && submitter.name) {
        const pressed = el("input");
        pressed.type = "hidden";
        pressed.name = submitter.name;
        pressed.value = submitter.value;
        form.append(pressed);
      }
      // submit(), not requestSubmit(): Chromium drops a requestSubmit() made after this handler awaited.
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  box.querySelector("[data-queue-sync]").addEventListener("click", () => {
    // Entries refused before are tried again too: the user may have been given the township back.
    entries().then(async (kept) => {
      for (const entry of kept) {
        if (entry.state === "conflict") {
          entry.state = "pending";
          await save(entry);
        }
      }
      sync();
    });
  });

  document.querySelectorAll('form[action$="/logout/"]').forEach((form) => {
    // The pages kept for offline use are this user's; the next user of the phone must not see them.
    form.addEventListener("submit", () => {
      if (window.caches) caches.keys().then((names) => names.forEach((n) => n.startsWith("portal-") && caches.delete(n)));
    });
  });

  // Without a connection htmx's helpers (entry hints, filters) cannot answer: do not ask.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (!navigator.onLine) event.preventDefault();
  });
  window.addEventListener("online", () => {
    document.querySelectorAll("[data-offline-notice]").forEach((notice) => notice.classList.add("d-none"));
    sync();
  });
  window.addEventListener("offline", render);
  const entryForm = document.querySelector("form[data-offline-entry]");
  (entryForm ? wireEntryForm(entryForm) : Promise.resolve()).then(render).then(sync);
  window.setInterval(sync, 30000);
})();
