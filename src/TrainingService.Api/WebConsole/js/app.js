// The console's shell: sign-in, the hash router (#/section/id: nothing sensitive ever goes in the URL), and the
// section views. Each view renders into #view and returns a function that stops its timers and streams.
import { ApiError, get, session } from './api.js';
import { clear, errorNotice, h } from './dom.js';
import * as datasets from './datasets.js';
import * as models from './models.js';
import * as jobs from './jobs.js';
import * as predictions from './predictions.js';

const routes = [
  [/^#\/datasets\/?$/, 'datasets', datasets.list],
  [/^#\/datasets\/([0-9a-f-]{36})$/, 'datasets', datasets.detail],
  [/^#\/models\/?$/, 'models', models.list],
  [/^#\/models\/new$/, 'models', models.create],
  [/^#\/models\/([0-9a-f-]{36})$/, 'models', models.detail],
  [/^#\/jobs\/?$/, 'jobs', jobs.list],
  [/^#\/jobs\/new$/, 'jobs', jobs.create],
  [/^#\/jobs\/([0-9a-f-]{36})$/, 'jobs', jobs.detail],
  [/^#\/predictions\/?$/, 'predictions', predictions.view],
];

const view = document.getElementById('view');
const signIn = document.getElementById('sign-in');
const nav = document.getElementById('nav');
let cleanup = null;

function showSignIn(message) {
  cleanup?.();
  cleanup = null;
  clear(view);
  nav.hidden = true;
  signIn.hidden = false;
  document.getElementById('api-key-error').textContent = message ?? '';
  document.getElementById('api-key').focus();
}

async function route() {
  if (!session.key) return showSignIn();
  signIn.hidden = true;
  nav.hidden = false;
  const [hash, search] = (location.hash || '#/datasets').split('?');
  const match = routes.map(([pattern, section, render]) => [hash.match(pattern), section, render]).find(([m]) => m);
  cleanup?.();
  cleanup = null;
  clear(view);
  if (!match) {
    view.append(h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/datasets' }, 'Go to the datasets.')));
    return;
  }
  const [found, section, render] = match;
  for (const link of nav.querySelectorAll('a[data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    cleanup = (await render(view, found[1], new URLSearchParams(search ?? ''))) ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    view.append(errorNotice(error));
  }
  // Move focus to the new page's heading for keyboard and screen-reader users, as a full page load would.
  const heading = view.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  const key = input.value.trim();
  const error = document.getElementById('api-key-error');
  if (!key) { error.textContent = 'Paste an API key.'; input.setAttribute('aria-invalid', 'true'); return; }
  try {
    // Any tenant route answers 401 to a wrong key; the smallest page of datasets is the cheapest.
    await get('/api/datasets?limit=1', { key });
  } catch (e) {
    input.setAttribute('aria-invalid', 'true');
    error.textContent = e instanceof ApiError && (e.status === 401 || e.status === 403)
      ? 'This key was not accepted: check it is a tenant key (not the administrator key) and not revoked.'
      : `Could not check the key: ${e.message}`;
    return;
  }
  input.removeAttribute('aria-invalid');
  input.value = '';
  session.signIn(key);
  if (!location.hash) location.hash = '#/datasets'; else route();
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  showSignIn();
});

window.addEventListener('console:unauthorized', () => {
  session.signOut();
  showSignIn('The key is no longer accepted; sign in again.');
});

window.addEventListener('hashchange', route);
route();
