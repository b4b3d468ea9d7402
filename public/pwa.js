// Registers the service worker and tells a person when they are offline: a page kept by
// the worker carries `data-offline-as-of` on <html>; the notice says since when, and
// forms, which need the network, are held back until it returns.
const html = document.documentElement;

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error) => console.warn('service worker not registered:', error));
}

function showState() {
  const asOf = html.dataset.offlineAsOf;
  const offline = !navigator.onLine || asOf !== undefined;
  html.toggleAttribute('data-offline', offline);
  const notice = document.getElementById('offline-notice');
  if (!notice) return;
  notice.hidden = !offline;
  const time = notice.querySelector('time');
  if (time && asOf) {
    time.dateTime = asOf;
    time.textContent = new Intl.DateTimeFormat(html.lang || undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(asOf));
  }
}

// Back online, a kept page is replaced by the current one. The `online` event alone is
// not to be trusted: browsers fire it when nothing has come back (and a reload then
// cancels the link the person just followed), and miss it when a network returns
// without a change of interface. So a kept page asks the server itself, on `online` and
// every few seconds, and reloads once it answers.
const PROBE_EVERY_MS = 4000;
let probing = false;
async function reloadWhenServerAnswers() {
  if (probing || html.dataset.offlineAsOf === undefined) return showState();
  probing = true;
  try {
    const answer = await fetch('/healthz', { cache: 'no-store' });
    if (answer.ok) return location.reload();
  } catch (stillOffline) {
    // Still no server: the kept page stays.
  } finally {
    probing = false;
  }
  showState();
}
if (html.dataset.offlineAsOf !== undefined) setInterval(reloadWhenServerAnswers, PROBE_EVERY_MS);
addEventListener('online', reloadWhenServerAnswers);
addEventListener('offline', showState);
document.addEventListener(
  'submit',
  (event) => {
    if (html.hasAttribute('data-offline')) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);
// Offline, a link loads the page the ordinary way, so the worker answers with its kept
// copy; the app's own navigation would ask the server for the data instead.
document.addEventListener(
  'click',
  (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (link && link.origin === location.origin && html.hasAttribute('data-offline')) {
      event.stopPropagation();
    }
  },
  true,
);
showState();
