// The clinic registration form's helpers, loaded by /clinics/new only (never part of a
// patient's download). The form works without them; with them:
// - the web address is checked as it is typed, and suggested from the English name
//   until the owner types one;
// - the time zone starts as the browser's own;
// - what was typed survives a refused post (the server sends the page back with the
//   reason), kept in this tab's session storage and dropped once the clinic exists.

const form = document.getElementById('clinic-form');
const KEPT = 'calentify.clinic-form';
const WAIT_MS = 300;

if (form) {
  const slug = form.elements.namedItem('slug');
  const status = document.getElementById('slug-status');
  const zone = form.elements.namedItem('time_zone');
  const refused = document.querySelector('[data-testid="form-error"]') !== null;

  restore(refused);
  if (zone && !zone.value) {
    try {
      zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    } catch {
      // No Intl time zone support: the owner picks one from the list.
    }
  }

  let typedSlug = slug.value !== '';
  let timer = 0;
  let asked = 0;
  const check = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const value = slug.value.trim();
      const mine = ++asked;
      if (value === '') {
        show('', true);
        return;
      }
      try {
        const res = await fetch(`/api/check_clinic_slug?slug=${encodeURIComponent(value)}`, {
          headers: { Accept: 'application/json' },
        });
        if (!res.ok || mine !== asked) return;
        const answer = await res.json();
        show(answer.available ? status.dataset.free : answer.problem, answer.available);
      } catch {
        // Offline or the server is away: the post will say what is wrong.
      }
    }, WAIT_MS);
  };
  const show = (text, ok) => {
    status.textContent = text;
    status.dataset.available = String(ok);
    slug.setCustomValidity(ok ? '' : text);
  };

  slug.addEventListener('input', () => {
    typedSlug = slug.value !== '';
    check();
  });
  form.elements.namedItem('name_en').addEventListener('input', (e) => {
    if (typedSlug) return;
    slug.value = suggest(e.target.value);
    check();
  });
  if (slug.value) check();

  form.addEventListener('submit', () => {
    const kept = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      kept[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    }
    sessionStorage.setItem(KEPT, JSON.stringify(kept));
  });
}

// A Latin name becomes an address: `Nile Family Clinic` -> `nile-family-clinic`.
function suggest(name) {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

// Refills the form after a refused post; any other visit starts empty.
function restore(refused) {
  const raw = sessionStorage.getItem(KEPT);
  if (!refused) {
    sessionStorage.removeItem(KEPT);
    return;
  }
  if (!raw) return;
  let kept;
  try {
    kept = JSON.parse(raw);
  } catch {
    return;
  }
  for (const [name, value] of Object.entries(kept)) {
    const el = form.elements.namedItem(name);
    if (!el || el.type === 'hidden') continue;
    if (el.type === 'checkbox') el.checked = Boolean(value);
    else el.value = String(value);
  }
}
