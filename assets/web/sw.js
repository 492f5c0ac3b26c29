// Cursus service worker. `scripts/build-web.sh` fills in the build's hash and
// shell files; a new build is a new worker, whose shell replaces the old one.
//
// - The app shell of this build (HTML, bundle, style) is kept at install, so
//   the app opens without a connection and a repeat visit waits for nothing;
//   pages and scripts of one build are never mixed with another's (each build
//   has its own cache, dropped when the next one takes over). The browser
//   checks for a new worker on every visit: a new build installs during one
//   visit and is what the next one opens.
// - The learner's data (programme map, module content, documents opened) is
//   read from the network first and kept; without a connection the kept copy
//   answers, stamped with the time it was saved (`X-Cursus-Saved-At`) so the
//   app can say how old it is. Signing out forgets it.
// - Submissions are not the worker's business: the app keeps them itself and
//   sends them again with the same Idempotency-Key.
const BUILD = "{{BUILD}}";
const SHELL_CACHE = "cursus-shell-" + BUILD;
const DATA_CACHE = "cursus-data";
const SHELL = [{{SHELL}}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("cursus-shell-") && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Another person may use this phone next: their data is not ours to show.
    if (url.pathname === "/api/v1/auth/logout" || url.pathname === "/api/v1/auth/login") event.waitUntil(caches.delete(DATA_CACHE));
    return;
  }
  if (request.mode === "navigate" && appScreen(url.pathname)) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/assets/")) {
    event.respondWith(shell(request));
  } else if (kept(url.pathname)) {
    event.respondWith(data(request));
  }
});

// What a learner reads again offline: their account, map, modules, assessments,
// documents, attestations and sessions. Sign-in, exports and feeds are not kept.
function kept(path) {
  if (!path.startsWith("/api/v1/")) return false;
  return !/^\/api\/v1\/(auth|openapi|calendar|reports|exports|audit)\b/.test(path) && !path.endsWith(".csv") && !path.endsWith(".xlsx");
}

// Pages the server writes itself (verification, the API, keys, health) and
// files are not screens of the app.
function appScreen(path) {
  return !/^\/(api|verify|V|\.well-known|healthz|readyz)(\/|$)/.test(path) && !/\.[A-Za-z0-9]+$/.test(path);
}

// The four pages of the app, as the server chooses them (`shared::is_staff_screen`,
// `is_entry_screen`, `is_account_screen`: build-web.sh copies the lists from
// shared/src/lib.rs).
const STAFF_PREFIXES = [{{STAFF_PREFIXES}}];
const ENTRY_SCREENS = [{{ENTRY_SCREENS}}];
const ACCOUNT_PREFIXES = [{{ACCOUNT_PREFIXES}}];

function pageOf(path) {
  const under = (prefixes) => prefixes.some((p) => path === p || path.startsWith(p + "/"));
  if (under(STAFF_PREFIXES)) return "/staff.html";
  if (ENTRY_SCREENS.includes(path)) return "/entry.html";
  if (under(ACCOUNT_PREFIXES)) return "/account.html";
  return "/index.html";
}

// A page of this build is the same for every address it serves: it comes from
// the kept shell at once (a repeat visit costs no round trip), or from the
// network the first time, kept only if it belongs to this build.
async function page(request) {
  const cache = await caches.open(SHELL_CACHE);
  const name = pageOf(new URL(request.url).pathname);
  const kept = await cache.match(name);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok && (await response.clone().text()).includes("/pkg/" + BUILD + "/")) await cache.put(name, response.clone());
    return response;
  } catch (offline) {
    return (await cache.match("/index.html")) || Response.error();
  }
}

async function shell(request) {
  const cache = await caches.open(SHELL_CACHE);
  const found = await cache.match(request);
  if (found) return found;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

async function data(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200 && !(response.headers.get("cache-control") || "").includes("no-store")) {
      const headers = new Headers(response.headers);
      headers.set("X-Cursus-Saved-At", String(Date.now()));
      const body = await response.clone().blob();
      await cache.put(request, new Response(body, { status: 200, statusText: "OK", headers }));
    }
    return response;
  } catch (offline) {
    const found = await cache.match(request);
    if (found) return found;
    throw offline;
  }
}
